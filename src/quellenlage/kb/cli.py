"""CLI commands of quellenlage.kb (registered on the main app by quellenlage.cli): a thin layer over kb.store."""
from __future__ import annotations

import functools
import json
import sys
from enum import Enum

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from quellenlage.cli_options import (DbOption, JobsOption, MaxBytesOption, OutputOption, ProgressOption,
                                     limit_option)
from quellenlage.settings import DEFAULTS

err = Console(stderr=True, soft_wrap=True)


class QueryFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


QueryFormatOption = Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")]


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    ftm = "ftm"
    graphml = "graphml"


def _open(db: str | None, create: bool = False):
    """The knowledge base; only `ingest` creates one (a typo in --db must not leave an empty database behind)."""
    from quellenlage.kb.store import KnowledgeBase
    return KnowledgeBase(db, create=create)


def _emit(data, fmt: QueryFormat, text_fn, csv_rows=None) -> None:
    from quellenlage.kb.export import rows_to_csv
    if fmt == QueryFormat.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == QueryFormat.csv:
        sys.stdout.write(rows_to_csv(csv_rows if csv_rows is not None else data))
    else:
        typer.echo(text_fn(data))


def _report_line(r: dict) -> str:
    where = r.get("outlet") or r.get("source_path")
    via = f" [via {r['origin']}]" if r.get("derived") else ""
    return f"  {r.get('date') or '????-??-??'}  {where}: {r.get('source') or '–'} {r.get('cue') or ''}: " \
           f"„{r.get('text')}“{via}"


def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders (recursive) of articles: text, HTML, JSON, JSONL; "
                                                "JSON/JSONL output of `quellenlage analyze` is stored as analysed."),
    db: DbOption = None,
    jobs: JobsOption = 1,
    dask: str = typer.Option(None, "--dask", help="Run the analysis on this Dask scheduler (tcp://host:8786)."),
    max_bytes: MaxBytesOption = DEFAULTS.max_bytes,
    progress: ProgressOption = True,
):
    """Analyse articles and store them in the knowledge base, one transaction per document.

    Re-ingesting the same text changes nothing; a changed text at the same path or URL becomes a new revision.
    A killed run resumes where it stopped. Failures are recorded and listed at the end (exit status 1).

    \b
    Example:
        quellenlage ingest reports/ --jobs 2
        quellenlage ingest reports/ --db postgresql://localhost/quellenlage
        quellenlage analyze reports/ --format jsonl -o analysed.jsonl && quellenlage ingest analysed.jsonl
    """
    from quellenlage.kb.threads import limit_threads
    limit_threads()  # before numpy and spaCy load (see kb/threads.py)
    from quellenlage.kb.ingest import ingest as run_ingest
    from quellenlage.kb.ingest import iter_inputs

    kb = _open(db, create=True)
    rep = run_ingest(iter_inputs(paths, max_bytes=max_bytes), kb, jobs=jobs, dask=dask, inputs=list(paths),
                     progress=progress, console=err)
    err.print(f"stored {rep.stored}, revised {rep.revised}, unchanged {rep.unchanged}, failed {rep.failed} "
              f"in {rep.seconds:.1f}s (run {rep.run_id}, {kb.engine.url.render_as_string(hide_password=True)})")
    for path, error in rep.failures:
        err.print(f"[red]failed:[/red] {path}: {error}")
    if rep.failures:
        raise typer.Exit(1)


def actors(
    db: DbOption = None,
    format: QueryFormatOption = QueryFormat.text,
    type: str = typer.Option(None, "--type", help="Only actors of this type (person, organisation, outlet, …)."),
    limit: Annotated[int, limit_option("At most this many.")] = 100,
):
    """List actors by the number of documents they appear in, with every name they were seen under.

    \b
    Example:
        quellenlage actors --type person --format json
    """
    rows = _open(db).actors(limit=limit, type=type)
    _emit(rows, format, lambda rs: "\n".join(
        f"{r['id']:>6}  {r['name']} ({r['type']}, {r['documents']} docs)  names: {', '.join(r['names'])}"
        for r in rs) or "no actors")


def actor(
    name: str = typer.Argument(..., help="A name in any spelling, or an actor id."),
    db: DbOption = None,
    format: QueryFormatOption = QueryFormat.text,
    limit: Annotated[int, limit_option("At most this many reports per section.")] = 50,
):
    """What an actor said, what was said about them and by whom, over time; and why names were merged.

    \b
    Example:
        quellenlage actor Kosak
    """
    data = _open(db).actor(name, limit=limit)
    if data is None:
        err.print(f"[red]error:[/red] no actor named {name!r}")
        raise typer.Exit(2)

    def text(d):
        lines = [f"{d['name']} ({d['type']}, id {d['id']}, {d['documents']} documents)",
                 f"names: {', '.join(d['names'])}"]
        if d["roles"]:
            lines.append(f"roles: {'; '.join(d['roles'])}")
        lines.append(f"said ({len(d['said'])}):")
        lines += [_report_line(r) for r in d["said"]]
        lines.append(f"said about them ({len(d['about'])}):")
        lines += [_report_line(r) for r in d["about"]]
        if d["timeline"]:
            lines.append("over time (reports said / about):")
            lines += [f"  {t['month']}: {t['said']} / {t['about']}" for t in d["timeline"]]
        if d["merges"]:
            lines.append("merged names:")
            lines += [f"  {m['name']} -> {m['matched_name'] or ''} [{m['method']}]: {m['explanation']}"
                      for m in d["merges"]]
        return "\n".join(lines)

    _emit(data, format, text, csv_rows=[{**r, "relation": "said"} for r in data["said"]]
          + [{**r, "relation": "about"} for r in data["about"]])


def claims(
    about: str = typer.Option(None, "--about", help="Only claims by or about this actor (any spelling)."),
    status: str = typer.Option(None, "--status", help="single-source, corroborated or contested."),
    db: DbOption = None,
    format: QueryFormatOption = QueryFormat.text,
    limit: Annotated[int, limit_option("At most this many claims.")] = 100,
):
    """Claims with all their reports, their independent origins and a status.

    \b
    Example:
        quellenlage claims --about Kozak --status corroborated
    """
    from quellenlage.kb.export import claim_report_rows
    if status and status not in ("single-source", "corroborated", "contested"):
        err.print("[red]error:[/red] --status must be single-source, corroborated or contested")
        raise typer.Exit(2)
    rows = _open(db).claims(about=about, status=status, limit=limit)

    def text(cs):
        out = []
        for c in cs:
            out.append(f"[{c['status']}] #{c['id']} {c['summary']}")
            out.append(f"  origins: {', '.join(c['origins']) or '–'}")
            out += [_report_line(r) for r in c["reports"]]
        return "\n".join(out) or "no claims"

    _emit(rows, format, text, csv_rows=claim_report_rows(rows))


def sources(
    db: DbOption = None,
    format: QueryFormatOption = QueryFormat.text,
    limit: Annotated[int, limit_option("At most this many edges.")] = 500,
):
    """Who cites whom: outlets and the sources (people, outlets, anonymous groups) they report.

    \b
    Example:
        quellenlage sources --format csv > sources.csv
    """
    rows = _open(db).sources(limit=limit)
    _emit(rows, format, lambda rs: "\n".join(
        f"{r['citing']} -> {r['cited']} ({r['source_type']}, {r['reports']})" for r in rs) or "no sources")


def stats(
    db: DbOption = None,
    format: QueryFormatOption = QueryFormat.text,
):
    """Counts of documents, revisions, actors, attributions, claims and failures.

    \b
    Example:
        quellenlage stats --db postgresql://localhost/quellenlage
    """
    data = _open(db).stats()
    flat = [{"key": k, "value": json.dumps(v) if isinstance(v, dict) else v} for k, v in data.items()]
    _emit(data, format, lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()), csv_rows=flat)


def merge(
    keep: str = typer.Argument(..., help="The actor that stays (name or id)."),
    other: list[str] = typer.Argument(..., help="Actors merged into it (names or ids)."),
    db: DbOption = None,
    reason: str = typer.Option("manual merge", "--reason", help="Why; stored as the merge explanation."),
):
    """Merge actors by hand; the decision is pinned and survives re-ingest.

    \b
    Example:
        quellenlage merge "Dmitry Kozak" "D. Kosak" --reason "same person, NYT 2022-09"
    """
    kb = _open(db)
    try:
        for o in other:
            kept = kb.merge(keep, o, reason=reason)
            err.print(f"merged {o!r} into actor {kept}")
    except KeyError as e:
        err.print(f"[red]error:[/red] {e.args[0]}")
        raise typer.Exit(2)


def split(
    actor_name: str = typer.Argument(..., metavar="ACTOR", help="The actor to split (name or id)."),
    names: list[str] = typer.Argument(..., help="Surface names that belong to another actor."),
    db: DbOption = None,
    reason: str = typer.Option("manual split", "--reason", help="Why; stored as the explanation."),
):
    """Split names (and the documents that use them) off an actor into a new one; survives re-ingest.

    \b
    Example:
        quellenlage split "Müller" "Anna Müller"
    """
    try:
        new = _open(db).split(actor_name, names, reason=reason)
    except KeyError as e:
        err.print(f"[red]error:[/red] {e.args[0]}")
        raise typer.Exit(2)
    err.print(f"split {', '.join(names)} into new actor {new}")


def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f", help="json, csv, ftm or graphml."),
    output: OutputOption = None,
    what: str = typer.Option("claims", "--what", help="For CSV: claims (one row per report), actors or sources."),
    db: DbOption = None,
):
    """Export the knowledge base: JSON, CSV, FollowTheMoney entities (Aleph) or the source graph as GraphML.

    \b
    Example:
        quellenlage export --format ftm -o entities.ftm.json
        quellenlage export --format graphml -o sources.graphml
    """
    from quellenlage.kb import export as ex
    kb = _open(db)
    data = {"json": lambda: ex.export_json(kb), "csv": lambda: ex.export_csv(kb, what),
            "ftm": lambda: ex.export_ftm(kb), "graphml": lambda: ex.export_graphml(kb)}[format.value]()
    if output:
        output.write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)


COMMANDS = (ingest, actors, actor, claims, sources, stats, merge, split, export)


def _errors_as_lines(fn):
    """A knowledge base that cannot be opened (or other `QuellenlageError`) is one error line, exit status 2."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        from quellenlage.errors import QuellenlageError
        try:
            return fn(*args, **kwargs)
        except QuellenlageError as e:
            err.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2)
    return run


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""
    for fn in COMMANDS:
        app.command(name=fn.__name__)(_errors_as_lines(fn))
