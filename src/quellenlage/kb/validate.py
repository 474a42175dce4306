"""Imported analyses are not trusted: a quellenlage/1 record is checked before it is stored.

`ingest` takes JSON/JSONL analyses as analysed (no pipeline run). A record with offsets beyond its text, negative
or reversed, spans whose text is not the text at their offsets, or ids that name nothing (source_actor, parent,
continues, relation ends) would be stored as it is and shown wrong in every view; `analysis_problems` names
what is wrong so `ingest` can refuse the record with one error line and go on with the batch.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "quellenlage-1.schema.json"
SPAN_ROLES = ("cue", "source", "message", "addressee", "frame")
RELATION_SPANS = ("trigger", "subject", "object", "theme")
MAX_PROBLEMS = 3  # named in the error line; the rest are counted


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _span_problem(text: str, span: Any, where: str) -> str | None:
    """What is wrong with one {start, end, text} span of `text`, or None."""
    if not isinstance(span, dict):
        return f"{where}: not a span object"
    start, end = span.get("start"), span.get("end")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return f"{where}: start and end must be integers"
    if not 0 <= start <= end <= len(text):
        return f"{where}: offsets {start}-{end} outside the text (0-{len(text)}) or reversed"
    if "text" in span and span["text"] != text[start:end]:
        return f"{where}: its text is not the text at {start}-{end}"
    return None


def _offset_problems(d: dict) -> list[str]:
    text = d.get("text")
    if not isinstance(text, str):
        return ["text: missing or not a string"]
    spans: list[tuple[Any, str]] = []
    for layer in ("sentences", "entities"):
        spans += [(s, f"{layer}[{i}]") for i, s in enumerate(d.get(layer) or [])]
    for i, actor in enumerate(d.get("actors") or []):
        spans += [(m, f"actors[{i}].mentions[{j}]") for j, m in enumerate(actor.get("mentions") or [])]
    spans += _record_spans(d, "attributions", SPAN_ROLES) + _record_spans(d, "relations", RELATION_SPANS)
    spans += [(r["time"], f"relations[{i}].time") for i, r in enumerate(d.get("relations") or [])
              if r.get("time") is not None]
    return [p for s, where in spans if (p := _span_problem(text, s, where))]


def _record_spans(d: dict, part: str, roles: tuple[str, ...]) -> list[tuple[Any, str]]:
    """Every span of the records of one part ("attributions", "relations"), with where it is."""
    return [(s, f"{part}[{i}].{role}[{j}]") for i, record in enumerate(d.get(part) or []) for role in roles
            for j, s in enumerate(record.get(role) or [])]


def _id_problems(d: dict) -> list[str]:
    actors = [a.get("id") for a in d.get("actors") or []]
    atts = [a.get("id") for a in d.get("attributions") or []]
    out = [f"{kind} id {x!r} is used twice" for kind, ids in (("actor", actors), ("attribution", atts))
           for x in sorted({i for i in ids if ids.count(i) > 1}, key=str)]
    actor_ids, att_ids = set(actors), set(atts)
    for i, att in enumerate(d.get("attributions") or []):
        for key, known in (("source_actor", actor_ids), ("parent", att_ids), ("continues", att_ids)):
            value = att.get(key)
            if value is not None and value not in known:
                out.append(f"attributions[{i}].{key} names {value!r}, which is not in this analysis")
    for i, rel in enumerate(d.get("relations") or []):
        for key, known in (("subject_actor", actor_ids), ("object_actor", actor_ids), ("attribution", att_ids)):
            value = rel.get(key)
            if value is not None and value not in known:
                out.append(f"relations[{i}].{key} names {value!r}, which is not in this analysis")
    return out


def analysis_problems(record: Any) -> list[str]:
    """Everything wrong with a quellenlage/1 record (schema, offsets, ids); [] when it can be stored."""
    if not isinstance(record, dict):
        return ["not a JSON object"]
    schema_errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    if schema_errors:  # offsets and ids are checked on records of the right shape only
        return [f"{'.'.join(map(str, e.absolute_path)) or 'record'}: {e.message[:200]}" for e in schema_errors]
    return _offset_problems(record) + _id_problems(record)


def summary(problems: list[str]) -> str:
    """The first problems, and how many more, for one error line."""
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = len(problems) - MAX_PROBLEMS
    return shown + (f" (and {more} more)" if more > 0 else "")
