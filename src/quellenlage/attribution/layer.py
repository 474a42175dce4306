"""The attribution layer as a `Doc` stores it: span groups per role and plain id-based records.

Every attribution component reads the layer with `read_drafts`, works on `Draft` objects (token segments linked by
object) and writes it back with `write_drafts`; the export reads the same keys once at the end. The keys, fields
and ids are the contract documented in docs/architecture.md ("Data model inside the pipeline"): a new component
(a trained linker, another language's rules) only has to write these.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from quellenlage.attribution.drafts import Draft, Segment
from quellenlage.nlp.extensions import ACTOR_MENTIONS, ATTRIBUTION_ROLES as ROLES, attribution_key as span_key

ATTRIBUTION_FIELDS = ("form", "medium", "epistemic", "source_type", "source_actor", "origin", "rule")


def attribution_ids(drafts: list[Draft]) -> dict[int, str]:
    """Ids t1, t2, … in text order (earliest cue, source or message piece; ties keep the list order)."""
    order = sorted(drafts, key=lambda d: (d.start, d.end))
    return {id(d): f"t{i + 1}" for i, d in enumerate(order)}


def dropped_links(drafts: list[Draft], live: dict[int, str]) -> list[Draft]:
    """Drafts no longer in the list that live drafts still continue (directly or along a run): a stage dropped them
    as noise, but what continued them still counts as a continuation and inherits their source."""
    out, seen = [], set(live)
    todo = [d.continues for d in drafts]
    while todo:
        d = todo.pop()
        if d is None or id(d) in seen:
            continue
        seen.add(id(d))
        out.append(d)
        todo.append(d.continues)
    return out


def write_drafts(doc: Doc, drafts: list[Draft], text_order: bool = False) -> None:
    """Store drafts as span groups and records (`doc._.attributions`), replacing what the Doc held.

    Records keep the list order (later components break ties by it) unless `text_order`, which the last
    attribution component asks for so that the finished analysis lists attributions as their ids count. Until
    then, dropped drafts that live ones still continue are kept as records marked `dropped` (ids x1, x2, …); the
    last write leaves them out, and a link to one becomes None.
    """
    ids = attribution_ids(drafts)
    dropped = [] if text_order else dropped_links(drafts, ids)
    ids.update({id(d): f"x{k + 1}" for k, d in enumerate(dropped)})
    if text_order:
        drafts = sorted(drafts, key=lambda d: (d.start, d.end))
    groups: dict[str, list[Span]] = {role: [] for role in ROLES}
    records = []
    for d in drafts + dropped:
        did = ids[id(d)]
        for role in ROLES:
            groups[role].extend(Span(doc, s.start, s.end, label=role, span_id=did) for s in getattr(d, role))
        record = {"id": did, **{name: getattr(d, name) for name in ATTRIBUTION_FIELDS}}
        record["parent"] = ids.get(id(d.parent)) if d.parent is not None else None
        record["continues"] = ids.get(id(d.continues)) if d.continues is not None else None
        if did.startswith("x"):
            record["dropped"] = True
        records.append(record)
    for role, spans in groups.items():
        doc.spans[span_key(role)] = spans
    doc._.attributions = records


def read_drafts(doc: Doc) -> list[Draft]:
    """The live drafts a Doc holds, in record order, with `parent`/`continues` linked by object again (also to
    dropped drafts that live ones still continue)."""
    records = doc._.attributions or []
    drafts = {r["id"]: Draft(message=[], **{name: r[name] for name in ATTRIBUTION_FIELDS if name in r})
              for r in records}
    for role in ROLES:
        if span_key(role) not in doc.spans:
            continue
        for span in doc.spans[span_key(role)]:
            draft = drafts.get(span.id_)
            if draft is not None:
                getattr(draft, role).append(Segment(span.start, span.end))
    for r in records:
        d = drafts[r["id"]]
        d.parent = drafts.get(r.get("parent"))
        d.continues = drafts.get(r.get("continues"))
    return [drafts[r["id"]] for r in records if not r.get("dropped")]


def write_actors(doc: Doc, actors: list[dict], mentions: list[list[Segment]]) -> None:
    """Store actor records (`doc._.actors`: id, name, type, roles) and their mentions (`doc.spans["actor.mention"]`,
    each span's id the actor's id, its label the actor's type), mentions in text order."""
    spans = [Span(doc, m.start, m.end, label=actor["type"], span_id=actor["id"])
             for actor, segs in zip(actors, mentions) for m in sorted(segs, key=lambda s: s.start)]
    doc.spans[ACTOR_MENTIONS] = spans
    doc._.actors = actors
