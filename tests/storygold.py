"""The labelled multi-report stories (tests/data/stories) and name pairs (bench/data/name_pairs.tsv): loading and
consistency checks, shared by tests/unit/test_gold_sets.py and the benchmarks bench/kb_claims.py, bench/kb_merge.py.

A story folder holds `gold.json` and `reports/` (the documents, in every input format the product reads; a
`_meta.json` sidecar there gives metadata of plain-text files). Formats: tests/data/stories/README.md and
bench/data/README.md. Documents are read with the product's own reader (`quellenlage.ingest.reader`), so a snippet
is checked against the text exactly as the product analyses it.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "data" / "stories"
PAIRS = ROOT / "bench" / "data" / "name_pairs.tsv"
SIDECAR = "_meta.json"
STATUSES = ("corroborated", "single-source", "contested")
FORMATS = ("html", "json", "jsonl", "txt")
LANGUAGES = ("de", "en")
SIDECAR_FIELDS = {"outlet", "date", "title", "url", "language"}
PAIR_COLUMNS = ["a", "b", "type", "same", "source_a", "source_b", "note"]
PAIR_TYPES = ("person", "organisation", "outlet", "place")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Story:
    """One story: its folder, gold annotations and documents (doc id -> `Article` as the product reads it)."""
    slug: str
    path: Path
    gold: dict
    articles: dict

    @property
    def reports_dir(self) -> Path:
        return self.path / "reports"


def story_dirs(root: Path = STORIES) -> list[Path]:
    """Story folders (those with a gold.json), sorted by name."""
    return sorted(p.parent for p in root.glob("*/gold.json"))


def doc_id(source_path: str, reports_dir: Path) -> str:
    """A document's id in gold.json: its source path relative to reports/ ("wire.jsonl:2" for a JSONL line)."""
    prefix = str(reports_dir) + "/"
    return source_path[len(prefix):] if source_path.startswith(prefix) else source_path


def read_articles(reports_dir: Path) -> tuple[dict, list[str]]:
    """(doc id -> Article, reader errors) for every document under reports/, the sidecar skipped."""
    from quellenlage.errors import IngestError
    from quellenlage.ingest.reader import iter_articles

    arts, errors = {}, []
    for item in iter_articles([str(reports_dir)]):
        if isinstance(item, IngestError):
            if Path(item.source.split(":")[0].split("[")[0]).name != SIDECAR:
                errors.append(f"{item.source}: {item.reason}")
            continue
        arts[doc_id(item.source_path, reports_dir)] = item
    return arts, errors


def load_story(path: Path) -> Story:
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    arts, _ = read_articles(path / "reports")
    return Story(path.name, path, gold, arts)


def load_stories(root: Path = STORIES) -> list[Story]:
    return [load_story(p) for p in story_dirs(root)]


def occurrences(text: str, snippet: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of snippet in text."""
    out, i = [], text.find(snippet)
    while i >= 0:
        out.append(i)
        i = text.find(snippet, i + 1)
    return out


def span_of(story: Story, doc: str, snippet: str) -> tuple[int, int] | None:
    """Character span of a snippet in its document's text; None unless found exactly once."""
    art = story.articles.get(doc)
    if art is None:
        return None
    hits = occurrences(art.text, snippet)
    return (hits[0], hits[0] + len(snippet)) if len(hits) == 1 else None


def expected_status(claim: dict) -> str:
    """The status rule the gold follows: a linked denial makes a claim contested; else two or more independent
    origins corroborate it; else it is single-source."""
    if claim.get("denials"):
        return "contested"
    return "corroborated" if len(set(claim.get("origins", []))) >= 2 else "single-source"


def _check_documents(story: Story, errors: list[str]) -> list[str]:
    problems = [f"reader: {e}" for e in errors]
    gold_docs = story.gold.get("documents", [])
    ids = [d.get("id") for d in gold_docs]
    if len(ids) != len(set(ids)):
        problems.append("documents: duplicate ids")
    for d in gold_docs:
        if d.get("id") not in story.articles:
            problems.append(f"document {d.get('id')}: listed in gold.json but not read from reports/")
        if d.get("format") not in FORMATS:
            problems.append(f"document {d.get('id')}: format {d.get('format')!r} not one of {FORMATS}")
        if d.get("language") not in LANGUAGES:
            problems.append(f"document {d.get('id')}: language {d.get('language')!r} not one of {LANGUAGES}")
        if d.get("date") is not None and not DATE.match(str(d["date"])):
            problems.append(f"document {d.get('id')}: date {d['date']!r} is not YYYY-MM-DD")
        if "outlet" not in d or (d["outlet"] is not None and not str(d["outlet"]).strip()):
            problems.append(f"document {d.get('id')}: outlet must be a name or null (unknown)")
    for extra in sorted(set(story.articles) - set(ids)):
        problems.append(f"document {extra}: read from reports/ but not listed in gold.json")
    return problems


def _check_sidecar(story: Story) -> list[str]:
    path = story.reports_dir / SIDECAR
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return [f"{SIDECAR}: malformed JSON ({e.msg})"]
    problems = []
    if data.get("quellenlage") != "sidecar/1" or not isinstance(data.get("files"), dict):
        return [f"{SIDECAR}: needs \"quellenlage\": \"sidecar/1\" and a \"files\" object"]
    for name, fields in data["files"].items():
        if not (story.reports_dir / name).is_file():
            problems.append(f"{SIDECAR}: {name} does not exist beside it")
        if set(fields) - SIDECAR_FIELDS:
            problems.append(f"{SIDECAR}: {name} has unknown fields {sorted(set(fields) - SIDECAR_FIELDS)}")
    return problems


def _check_snippet(story: Story, where: str, doc: str, snippet: str) -> list[str]:
    if doc not in story.articles:
        return [f"{where}: document {doc} does not exist"]
    if not snippet or not snippet.strip():
        return [f"{where}: empty snippet"]
    n = len(occurrences(story.articles[doc].text, snippet))
    return [] if n == 1 else [f"{where}: snippet {snippet!r} found {n} times in {doc} (must be exactly once)"]


def _check_claims(story: Story) -> list[str]:
    problems = []
    claims = story.gold.get("claims", [])
    ids = [c.get("id") for c in claims]
    if len(ids) != len(set(ids)):
        problems.append("claims: duplicate ids")
    taken: dict[str, list[tuple[int, int, str]]] = {}

    def take(doc: str, snippet: str, owner: str) -> None:
        sp = span_of(story, doc, snippet)
        if sp is None:
            return
        for s, e, other in taken.get(doc, []):
            if s < sp[1] and sp[0] < e and other != owner:
                problems.append(f"{owner}: snippet {snippet!r} in {doc} overlaps a snippet of {other}")
        taken.setdefault(doc, []).append((sp[0], sp[1], owner))

    for c in claims:
        cid = c.get("id")
        for key in ("proposition", "why"):
            if not str(c.get(key) or "").strip():
                problems.append(f"claim {cid}: no {key}")
        if c.get("status") not in STATUSES:
            problems.append(f"claim {cid}: status {c.get('status')!r} not one of {STATUSES}")
        elif c["status"] != expected_status(c):
            problems.append(f"claim {cid}: status {c['status']} but its origins/denials give {expected_status(c)}")
        if not c.get("reports"):
            problems.append(f"claim {cid}: no reports")
        report_origins = {r.get("origin") for r in c.get("reports", [])}
        if report_origins != set(c.get("origins", [])) or None in report_origins:
            problems.append(f"claim {cid}: origins {c.get('origins')} are not the origins of its reports "
                            f"{sorted(map(str, report_origins))}")
        if not str(c.get("why", "")).startswith(c.get("status", "?")):
            problems.append(f"claim {cid}: why must start with its status")
        for i, r in enumerate(c.get("reports", [])):
            problems += _check_snippet(story, f"claim {cid} report {i}", r.get("doc"), r.get("snippet"))
            take(r.get("doc"), r.get("snippet"), f"claim {cid}")
        for i, r in enumerate(c.get("denials", [])):
            problems += _check_snippet(story, f"claim {cid} denial {i}", r.get("doc"), r.get("snippet"))
            take(r.get("doc"), r.get("snippet"), f"denial of {cid}")
    for i, r in enumerate(story.gold.get("not_claims", [])):
        problems += _check_snippet(story, f"not_claim {i}", r.get("doc"), r.get("snippet"))
        take(r.get("doc"), r.get("snippet"), f"not_claim {i}")
    return problems


def _check_actors(story: Story) -> list[str]:
    problems = []
    text = "\n".join(a.text for a in story.articles.values())
    names = [a.get("name") for a in story.gold.get("actors", [])]
    for a in story.gold.get("actors", []):
        if a.get("type") not in PAIR_TYPES:
            problems.append(f"actor {a.get('name')}: type {a.get('type')!r} not one of {PAIR_TYPES}")
        if len(a.get("names", [])) != len(set(a.get("names", []))):
            problems.append(f"actor {a.get('name')}: duplicate surface names")
        for n in a.get("names", []) + a.get("descriptions", []):
            if not re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text):
                problems.append(f"actor {a.get('name')}: surface name {n!r} occurs in no document of the story")
        if a.get("speaks_for") and a["speaks_for"] not in names:
            problems.append(f"actor {a.get('name')}: speaks_for {a['speaks_for']!r} is no actor of the story")
    origins = {r.get("origin") for c in story.gold.get("claims", []) for r in c.get("reports", [])}
    for o in sorted(map(str, origins - set(names))):
        problems.append(f"origin {o!r} is not among the story's actors")
    return problems


def check_story(path: Path) -> list[str]:
    """Every inconsistency of one story folder, as readable lines (empty when the story is consistent)."""
    try:
        gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        return [f"{path.name}/gold.json: {e}"]
    arts, errors = read_articles(path / "reports")
    story = Story(path.name, path, gold, arts)
    problems = []
    if gold.get("story") != path.name:
        problems.append(f"gold.json: story {gold.get('story')!r} is not the folder name")
    problems += _check_documents(story, errors) + _check_sidecar(story) + _check_claims(story) + _check_actors(story)
    return [f"{path.name}: {p}" for p in problems]


def load_pairs(path: Path = PAIRS) -> list[dict]:
    """The name pairs as dicts with PAIR_COLUMNS keys (`same` as int)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        r["same"] = int(r["same"]) if str(r.get("same", "")).strip() in ("0", "1") else r.get("same")
    return rows


def check_pairs(path: Path = PAIRS) -> list[str]:
    """Every malformed row of the name-pair file (header, types, labels, sources, rows listed twice)."""
    if not path.is_file():
        return [f"{path}: no such file"]
    with open(path, encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
    if header != PAIR_COLUMNS:
        return [f"{path.name}: header {header} is not {PAIR_COLUMNS}"]
    problems, seen = [], set()
    for n, r in enumerate(load_pairs(path), 2):
        if None in r or any(r.get(k) is None for k in PAIR_COLUMNS):
            problems.append(f"line {n}: wrong number of columns")
            continue
        if not r["a"].strip() or not r["b"].strip():
            problems.append(f"line {n}: names must be non-empty")
        if r["a"] == r["b"] and r["source_a"] == r["source_b"]:
            problems.append(f"line {n}: one name in one document is no pair ({r['a']!r})")
        if r["type"] not in PAIR_TYPES:
            problems.append(f"line {n}: type {r['type']!r} not one of {PAIR_TYPES}")
        if r["same"] not in (0, 1):
            problems.append(f"line {n}: same must be 1 or 0, not {r['same']!r}")
        if not r["source_a"].strip() or not r["source_b"].strip():
            problems.append(f"line {n}: source_a and source_b (document ids) are required")
        # one pair of names may occur more than once if its documents differ (a bare surname can be two people)
        key = (frozenset((r["a"], r["b"])), r["type"], frozenset((r["source_a"], r["source_b"])))
        if key in seen:
            problems.append(f"line {n}: pair {r['a']!r} / {r['b']!r} ({r['type']}) listed twice")
        seen.add(key)
    return problems
