"""Command-line interface: a thin Typer layer over the Python API (quellenlage.analyze, .kb, .serve)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from quellenlage import __version__
from quellenlage.cli_options import LanguageOption, MaxBytesOption, OutputOption, ProgressOption
from quellenlage.errors import QuellenlageError
from quellenlage.settings import DEFAULTS

app = typer.Typer(help="quellenlage: who claims what about whom, according to whom, in German and English news. "
                       "Run `quellenlage COMMAND --help` for details.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)  # one line per message, whatever the path length
EXAMPLE_ARTICLE = Path(__file__).parent / "examples" / "beispiel-artikel.de.txt"
PROGRESS_MIN_DOCS = 4


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"
    html = "html"


def _version(value: bool):
    if value:
        typer.echo(f"quellenlage {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """quellenlage: who claims what about whom, according to whom."""


@app.command()
def analyze(
    paths: list[str] = typer.Argument(None, help="Files, folders (recursive) or '-' for stdin. "
                                                 "Default: the bundled example article."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    output: OutputOption = None,
    max_bytes: MaxBytesOption = DEFAULTS.max_bytes,
    progress: ProgressOption = True,
    extractor: str = typer.Option("quellenlage.spacy.v1", "--extractor",
                                  help="Registered extractor that analyses the articles (docs/architecture.md)."),
    language: LanguageOption = None,
):
    """Analyse German or English news articles: sentences, entities, actors and attributions.

    \b
    Example:
        quellenlage analyze article.txt
        quellenlage analyze report.txt --language en
        quellenlage analyze reports/ --format jsonl --output analysed.jsonl
        cat page.html | quellenlage analyze - --format json
    """
    from catalogue import RegistryError

    from quellenlage.extract import get_extractor
    from quellenlage.ingest.reader import iter_articles, iter_paths
    from quellenlage.output import write_results

    inputs = paths or [str(EXAMPLE_ARTICLE)]
    n_files = sum(1 for _ in iter_paths(inputs))
    try:
        extract = get_extractor(extractor, DEFAULTS.replace(max_bytes=max_bytes))
    except RegistryError as e:
        err.print(f"[red]error:[/red] --extractor {extractor}: {escape(str(e))}")
        raise typer.Exit(2)
    try:
        results = extract(with_language(iter_articles(inputs, max_bytes=max_bytes), language))
        failed = write_results(results, format.value, output, total=n_files,
                               show_progress=progress and n_files >= PROGRESS_MIN_DOCS, console=err)
    except QuellenlageError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2)
    if failed:
        err.print(f"[yellow]{failed} input(s) failed; see the errors above[/yellow]")
        raise typer.Exit(1)


def with_language(items, language: str | None):
    """The articles with `language` set on each (None: as they are: named by the input, or detected)."""
    for item in items:
        if language is not None and not isinstance(item, QuellenlageError):
            item.language = language
        yield item


def _register_subcommands() -> None:
    """The knowledge base and the web server add their commands here (each module owns its own)."""
    from quellenlage.kb.cli import register as register_kb
    from quellenlage.serve.cli import register as register_serve

    register_kb(app)
    register_serve(app)


_register_subcommands()


# Modules of the optional extras, so that a missing one gives an install hint instead of a traceback.
EXTRA_OF_MODULE = {"sqlalchemy": "kb", "psycopg": "kb", "rigour": "kb", "followthemoney": "kb", "dask": "kb",
                   "distributed": "kb", "fastapi": "serve", "uvicorn": "serve", "jinja2": "serve",
                   "multipart": "serve", "starlette": "serve"}


def main() -> None:
    try:
        app()
    except ModuleNotFoundError as e:
        extra = EXTRA_OF_MODULE.get((e.name or "").split(".")[0])
        if extra is None:
            raise
        hint = escape(f"pip install 'quellenlage[{extra}]'")
        err.print(f"[red]error:[/red] this command needs the optional '{extra}' dependencies ({e.name} is missing): "
                  f"{hint}")
        raise SystemExit(2)
