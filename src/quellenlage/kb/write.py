"""The write path: one analysed document, one transaction (document, revision, actors, attributions, claims).

`KnowledgeBase.add` calls `add`; actors are resolved by `resolve.py`, reports grouped into claims by `claims.py`.
Ingest runs and their failures are recorded here too (`ingest_runs`, `ingest_failures`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine

from quellenlage.kb import claims
from quellenlage.kb import names as nm
from quellenlage.kb.db import now
from quellenlage.kb.resolve import effective_actors, store_actors
from quellenlage.kb.schema import (RECOUNT_SQL, actor_mentions, actors, attribution_about, attributions, documents,
                                   ingest_failures, ingest_runs, revisions)
from quellenlage.model import Analysis, Attribution

SPAN_ROLES = ("cue", "source", "message", "addressee", "frame")


@dataclass
class AddResult:
    """What `KnowledgeBase.add` did with one analysis: stored (new document), revised, or unchanged."""
    status: str
    revision_id: str
    document_id: int


class _S:
    """Statements of the write path, built once: building SQLAlchemy statements per row cost more than running
    them (profile of `add`: ~60 % of the main process's time during `ingest --jobs 2`)."""
    rev_doc = select(revisions.c.document_id).where(revisions.c.id == bindparam("rid"))
    doc_by_key = select(documents.c.id).where(documents.c.key == bindparam("key"))
    ins_doc = documents.insert()
    ins_rev = revisions.insert()
    ins_att = attributions.insert()
    ins_about = attribution_about.insert()
    actor_name = select(actors.c.name).where(actors.c.id == bindparam("aid"))
    docs_up = (update(actors).where(actors.c.id.in_(bindparam("ids", expanding=True)))
               .values(documents=actors.c.documents + 1))
    set_links = (update(attributions).where(attributions.c.id == bindparam("row"))
                 .values(parent_id=bindparam("parent"), continues_id=bindparam("cont")))
    recount = text(RECOUNT_SQL + " WHERE actors.id IN :ids").bindparams(bindparam("ids", expanding=True))


def _doc_key(analysis: Analysis) -> str:
    """What makes two texts versions of one document: the URL, else the source path, else the text itself."""
    d = analysis.document
    return d.url or d.source_path or f"content:{d.id}"


def add(engine: Engine, analysis: Analysis, vectors: dict[str, bytes]) -> AddResult:
    """Store one analysed document in its own transaction: document, revision, actors, attributions, claims.

    Same text again: nothing changes ("unchanged"). Same url/path with other text: a new revision that
    becomes current. `vectors` are message embeddings from `claims.embed_analysis`, keyed by attribution id.
    """
    rid = analysis.document.id
    with engine.begin() as conn:
        existing = conn.execute(_S.rev_doc, {"rid": rid}).scalar()
        if existing is not None:
            return AddResult("unchanged", rid, existing)
        status, doc_id = _store_revision(conn, analysis)
        local_to_kb = store_actors(conn, analysis, rid)
        touched = _store_attributions(conn, analysis, rid, local_to_kb, vectors)
        if status == "stored":  # a new document: +1 for each actor in it, no scan
            ids = sorted(set(local_to_kb.values()))
            if ids:
                conn.execute(_S.docs_up, {"ids": ids})
        else:
            recount(conn, _actors_of_document(conn, doc_id))
            touched |= claims.claims_of_old_revisions(conn, doc_id, rid)
        for claim_id in touched:
            claims.update_claim_status(conn, claim_id)
    return AddResult(status, rid, doc_id)


def _store_revision(conn: Connection, analysis: Analysis) -> tuple[str, int]:
    """Insert the revision, under a new document ("stored") or as the new current one of its document ("revised")."""
    key = _doc_key(analysis)
    doc_id = conn.execute(_S.doc_by_key, {"key": key}).scalar()
    status = "revised" if doc_id else "stored"
    if doc_id is None:
        doc_id = conn.execute(_S.ins_doc, {"key": key, "first_seen": now()}).inserted_primary_key[0]
        number = 1
    else:
        number = (conn.execute(select(func.max(revisions.c.number)).where(
            revisions.c.document_id == doc_id)).scalar() or 0) + 1
        conn.execute(update(revisions).where(revisions.c.document_id == doc_id).values(is_current=False))
    d = analysis.document
    conn.execute(_S.ins_rev, dict(
        id=analysis.document.id, document_id=doc_id, number=number, is_current=True, title=d.title, date=d.date,
        outlet=d.outlet, url=d.url, source_path=d.source_path, language=d.language, text=analysis.text,
        pipeline=json.dumps(analysis.pipeline), analysis=json.dumps(analysis.to_dict(), ensure_ascii=False),
        ingested_at=now()))
    return status, doc_id


def _store_attributions(conn: Connection, analysis: Analysis, rid: str, local_to_kb: dict[str, int],
                        vectors: dict[str, bytes]) -> set[int]:
    """Insert every attribution of the revision, its about-actors and its claim; the claims it touched."""
    actor_names_local = {a.id: a.name for a in effective_actors(analysis)}
    own_origin = analysis.document.outlet or analysis.document.source_path or rid
    row_ids: dict[str, int] = {}
    touched: set[int] = set()
    for att in analysis.attributions:
        chain = [x.id for x in analysis.chain(att)]
        origin, origin_actor, derived = _origin(conn, analysis.outermost_outlet(att), local_to_kb,
                                                actor_names_local, own_origin)
        message = claims.message_text(att)
        spans = {k: [{"start": s.start, "end": s.end, "text": s.text} for s in getattr(att, k)]
                 for k in SPAN_ROLES}
        src_kb = local_to_kb.get(att.source_actor) if att.source_actor else None
        row_id = conn.execute(_S.ins_att, dict(
            revision_id=rid, local_id=att.id, form=att.form, medium=att.medium, epistemic=att.epistemic,
            source_type=att.source_type,
            cue=" … ".join(s.text for s in att.cue), source=" … ".join(s.text for s in att.source),
            message=message, addressee=" … ".join(s.text for s in att.addressee),
            spans=json.dumps(spans, ensure_ascii=False), source_actor_id=src_kb,
            chain=json.dumps(chain), origin_name=origin, origin_actor_id=origin_actor, is_derived=derived,
            parent_id=None, continues_id=None, claim_id=None,
            vector=vectors.get(att.id))).inserted_primary_key[0]
        row_ids[att.id] = row_id
        about = {local_to_kb[x.id] for x in analysis.actors_about(att) if x.id in local_to_kb}
        if about:
            conn.execute(_S.ins_about, [{"attribution_id": row_id, "actor_id": a} for a in sorted(about)])
        if message and att.id in vectors:
            claim_id = claims.assign_claim(conn, row_id, message, vectors[att.id], src_kb, about)
            touched.add(claim_id)
    links = [{"row": row_ids[a.id], "parent": row_ids.get(a.parent), "cont": row_ids.get(a.continues)}
             for a in analysis.attributions if a.parent in row_ids or a.continues in row_ids]
    if links:  # links inside the document, once every row exists
        conn.execute(_S.set_links, links)
    return touched


def _origin(conn: Connection, outlet_att: Attribution | None, local_to_kb: dict[str, int],
            local_names: dict[str, str], own_origin: str) -> tuple[str, int | None, bool]:
    """(origin name, origin actor, derived?) of a report: the outermost outlet it is attributed to, else the
    document's own outlet; derived when that outlet is not the document's own."""
    if outlet_att is None:
        return own_origin, None, False
    origin_actor = local_to_kb.get(outlet_att.source_actor)
    origin = local_names.get(outlet_att.source_actor) or " ".join(s.text for s in outlet_att.source) or own_origin
    derived = nm.ascii_norm(origin) != nm.ascii_norm(own_origin)
    if origin_actor:
        origin = conn.execute(_S.actor_name, {"aid": origin_actor}).scalar() or origin
    return origin, origin_actor, derived


def recount(conn: Connection, actor_ids: set[int]) -> None:
    """Refresh actors.documents for these actors (current revisions only)."""
    if actor_ids:
        conn.execute(_S.recount, {"ids": sorted(actor_ids)})


def _actors_of_document(conn: Connection, doc_id: int) -> set[int]:
    return set(conn.execute(select(actor_mentions.c.actor_id).join(
        revisions, revisions.c.id == actor_mentions.c.revision_id).where(
        revisions.c.document_id == doc_id)).scalars())


def start_run(engine: Engine, inputs: list[str]) -> int:
    """Open an `ingest_runs` row; failures of this run point to it."""
    with engine.begin() as conn:
        return conn.execute(insert(ingest_runs).values(started_at=now(), inputs=json.dumps(inputs),
                                                       stored=0, unchanged=0, revised=0, failed=0)
                            ).inserted_primary_key[0]


def finish_run(engine: Engine, run_id: int, counts: dict[str, int]) -> None:
    """Close the run with its counts (a run killed before this stays open, which is how it shows)."""
    with engine.begin() as conn:
        conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
            finished_at=now(), **{k: counts.get(k, 0) for k in ("stored", "unchanged", "revised", "failed")}))


def record_failure(engine: Engine, run_id: int | None, source_path: str, error: str) -> None:
    """A document that could not be read, analysed or stored; the batch goes on."""
    with engine.begin() as conn:
        conn.execute(insert(ingest_failures).values(run_id=run_id, source_path=source_path, error=error,
                                                    created_at=now()))
