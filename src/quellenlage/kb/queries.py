"""Queries of the knowledge base: typed rows, one name per field (the shapes of docs/kb.md).

Every function takes an open connection and returns JSON-ready rows (TypedDicts, so a field has one name from
the database to the CLI, the exports and the web API). Only current revisions are read. User-supplied ids go
through `db.as_id`: a number that cannot be a row id finds nothing instead of overflowing the driver.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, TypedDict

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from quellenlage.kb import names as nm
from quellenlage.kb import schema as t
from quellenlage.kb.db import as_id

MAX_MERGES_SHOWN = 200  # merge explanations listed on an actor
MAX_ROLE_ROWS = 200     # document-local actors read for an actor's role phrases


class DocumentRow(TypedDict):
    id: int
    revision_id: str
    revision: int
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None
    source_path: str | None


class ActorRow(TypedDict):
    id: int
    name: str
    type: str
    names: list[str]       # every surface form seen, most frequent first
    documents: int         # current revisions that mention the actor


class ReportRow(TypedDict):
    """One attribution with a message, where it was published and what it rests on."""
    attribution_id: str    # id inside its document's analysis
    id: int                # row id
    document_id: int
    revision_id: str
    source_path: str | None
    outlet: str | None
    date: str | None
    title: str | None
    cue: str
    source: str            # the source span's text as written
    source_actor: str | None  # the knowledge-base actor it resolved to
    source_type: str
    text: str              # the message
    epistemic: str
    form: str
    claim_id: int | None
    origin: str | None     # the independent origin the report rests on
    derived: bool          # attributed to another outlet
    chain: list[str]       # local ids from the outermost attribution down to this one


CLAIM_REPORT_KEYS = ("document_id", "source_path", "outlet", "attribution_id", "text", "date", "cue", "source",
                     "epistemic", "origin", "derived", "chain")


class ClaimRow(TypedDict):
    id: int
    summary: str
    status: str            # single-source | corroborated | contested
    origins: list[str]
    reports: list[dict[str, Any]]  # ReportRow, or its CLAIM_REPORT_KEYS in `claims()`


class SourceRow(TypedDict):
    citing: str
    cited: str
    source_type: str
    reports: int


# ---------------------------------------------------------------- actors by name
def find_actor(conn: Connection, name_or_id: str | int) -> int | None:
    """An actor id from an id, an exact (transliterated) name, or the name matcher; None if unknown."""
    number = as_id(name_or_id)
    if number is not None and conn.execute(select(t.actors.c.id).where(t.actors.c.id == number)).first():
        return number
    name = str(name_or_id)
    norm = nm.ascii_norm(name)
    pin = conn.execute(select(t.actor_pins.c.actor_id).where(t.actor_pins.c.norm == norm)).scalar()
    if pin:
        return pin
    row = conn.execute(select(t.actor_names.c.actor_id).where(t.actor_names.c.norm == norm)
                       .group_by(t.actor_names.c.actor_id)
                       .order_by(func.sum(t.actor_names.c.count).desc()).limit(1)).scalar()
    if row:
        return row
    for type_ in ("person", "organisation"):
        keys = nm.keys_for(name, type_)
        rows = conn.execute(select(t.actor_names.c.actor_id, t.actor_names.c.name, t.actor_names.c.count)
                            .where(t.actor_names.c.key.in_(keys)).limit(500)).all() if keys else []
        scored = [(nm.compare(name, r.name, type_), r) for r in rows]
        scored = [(d.score, r.count, r.actor_id) for d, r in scored if d.match]
        if scored:
            return max(scored)[2]
    return None


# ---------------------------------------------------------------- documents
def documents(conn: Connection, limit: int = 100, offset: int = 0) -> list[DocumentRow]:
    """Current revisions, newest document first."""
    rev = t.revisions
    q = (select(t.documents.c.id, rev.c.id.label("revision_id"), rev.c.number.label("revision"), rev.c.title,
                rev.c.date, rev.c.outlet, rev.c.url, rev.c.source_path)
         .join(rev, and_(rev.c.document_id == t.documents.c.id, rev.c.is_current))
         .order_by(t.documents.c.id.desc()).limit(limit).offset(offset))
    return [DocumentRow(**r._mapping) for r in conn.execute(q)]


def document(conn: Connection, doc_id: int | str) -> dict | None:
    """One document with every revision; `analysis` is the current quellenlage/1 JSON. `doc_id`: the document
    number or the content hash of a revision."""
    if isinstance(doc_id, str):
        # a content hash first: about 1 in 1,800 of them is all digits and would read as a number
        by_hash = conn.execute(select(t.revisions.c.document_id).where(t.revisions.c.id == doc_id)).scalar()
        doc_id = by_hash if by_hash is not None else as_id(doc_id)
    if doc_id is None or as_id(doc_id) is None:
        return None
    revs = conn.execute(select(t.revisions).where(t.revisions.c.document_id == int(doc_id))
                        .order_by(t.revisions.c.number)).all()
    if not revs:
        return None
    cur = next(r for r in revs if r.is_current)
    return {"id": int(doc_id), "revision_id": cur.id, "title": cur.title, "date": cur.date,
            "outlet": cur.outlet, "url": cur.url, "source_path": cur.source_path,
            "revisions": [{"id": r.id, "number": r.number, "ingested_at": r.ingested_at,
                           "is_current": bool(r.is_current)} for r in revs],
            "analysis": json.loads(cur.analysis) if cur.analysis else None}


# ---------------------------------------------------------------- actors
def actors(conn: Connection, limit: int = 100, offset: int = 0, type: str | None = None,
           q: str | None = None) -> list[ActorRow]:
    """Actors by number of documents (the `actors --format json` shape); `q` matches any of their names."""
    query = select(t.actors.c.id, t.actors.c.name, t.actors.c.type, t.actors.c.documents)
    if type:
        query = query.where(t.actors.c.type == type)
    if q:
        needle = nm.ascii_norm(q)
        if not needle:
            return []  # only punctuation: matches nothing rather than everything
        # autoescape: "_" and "%" in a query are characters, not LIKE wildcards
        query = query.where(t.actors.c.id.in_(select(t.actor_names.c.actor_id).where(
            t.actor_names.c.norm.contains(needle, autoescape=True))))
    query = query.order_by(t.actors.c.documents.desc(), t.actors.c.id).limit(limit).offset(offset)
    rows = conn.execute(query).all()
    known = names(conn, [r.id for r in rows])
    return [ActorRow(id=r.id, name=r.name, type=r.type, names=known.get(r.id, []), documents=r.documents)
            for r in rows]


def names(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    """Every surface name of these actors, most frequent first."""
    out: dict[int, list[str]] = defaultdict(list)
    if ids:
        n = t.actor_names
        for r in conn.execute(select(n.c.actor_id, n.c.name).where(n.c.actor_id.in_(ids))
                              .order_by(n.c.count.desc(), n.c.name)):
            out[r.actor_id].append(r.name)
    return out


def report_rows(conn: Connection, where, limit: int) -> list[ReportRow]:
    """Reports (attributions of current revisions) matching `where`, newest document date first."""
    a, rev = t.attributions, t.revisions
    q = (select(a.c.id, a.c.local_id, a.c.revision_id, a.c.cue, a.c.source, a.c.message, a.c.epistemic, a.c.form,
                a.c.source_type, a.c.claim_id, a.c.origin_name, a.c.is_derived, a.c.chain,
                t.actors.c.name.label("source_actor"), rev.c.document_id, rev.c.source_path, rev.c.outlet,
                rev.c.date, rev.c.title)
         .join(rev, and_(rev.c.id == a.c.revision_id, rev.c.is_current))
         .outerjoin(t.actors, t.actors.c.id == a.c.source_actor_id)
         .where(where).order_by(rev.c.date.desc(), a.c.id.desc()).limit(limit))
    return [ReportRow(attribution_id=r.local_id, id=r.id, document_id=r.document_id, revision_id=r.revision_id,
                      source_path=r.source_path, outlet=r.outlet, date=r.date, title=r.title, cue=r.cue,
                      source=r.source, source_actor=r.source_actor, source_type=r.source_type, text=r.message,
                      epistemic=r.epistemic, form=r.form, claim_id=r.claim_id, origin=r.origin_name,
                      derived=bool(r.is_derived), chain=json.loads(r.chain or "[]"))
            for r in conn.execute(q)]


def actor(conn: Connection, name_or_id: str | int, limit: int = 50) -> dict | None:
    """Everything about one actor: names, merges (with explanations), what they said, what was said about them."""
    actor_id = find_actor(conn, name_or_id)
    if actor_id is None:
        return None
    a = conn.execute(select(t.actors).where(t.actors.c.id == actor_id)).first()
    said = report_rows(conn, t.attributions.c.source_actor_id == actor_id, limit)
    about_ids = select(t.attribution_about.c.attribution_id).where(t.attribution_about.c.actor_id == actor_id)
    about = report_rows(conn, t.attributions.c.id.in_(about_ids), limit)
    m = t.actor_merges
    merges = [dict(r._mapping) for r in conn.execute(
        select(m.c.name, m.c.matched_name, m.c.method, m.c.score, m.c.explanation).where(m.c.actor_id == actor_id)
        .order_by(m.c.id).limit(MAX_MERGES_SHOWN))]
    roles = set()
    for r in conn.execute(select(t.actor_mentions.c.roles).where(t.actor_mentions.c.actor_id == actor_id)
                          .limit(MAX_ROLE_ROWS)):
        roles.update(json.loads(r.roles or "[]"))
    return {"id": a.id, "name": a.name, "type": a.type, "names": names(conn, [actor_id])[actor_id],
            "documents": a.documents, "roles": sorted(roles), "said": said, "about": about, "merges": merges,
            "timeline": monthly_counts(conn, actor_id, about_ids)}


def monthly_counts(conn: Connection, actor_id: int, about_ids) -> list[dict]:
    """[{month, said, about}] by document date: how often the actor spoke and was spoken about."""
    month = func.substr(t.revisions.c.date, 1, 7)
    out: dict[str, dict] = {}
    for key, where in (("said", t.attributions.c.source_actor_id == actor_id),
                       ("about", t.attributions.c.id.in_(about_ids))):
        q = (select(month.label("m"), func.count().label("n"))
             .join(t.revisions, and_(t.revisions.c.id == t.attributions.c.revision_id, t.revisions.c.is_current))
             .where(where).group_by(month))
        for r in conn.execute(q):
            out.setdefault(r.m or "undated", {"month": r.m or "undated", "said": 0, "about": 0})[key] = r.n
    return [out[k] for k in sorted(out)]


# ---------------------------------------------------------------- claims
def claim(conn: Connection, claim_id: int | str, reports_limit: int = 500) -> dict | None:
    """One claim with every current report (full report rows) and its actors [{id, name, type, role}]."""
    number = as_id(claim_id)
    c = conn.execute(select(t.claims).where(t.claims.c.id == number)).first() if number is not None else None
    if c is None:
        return None
    reports = report_rows(conn, t.attributions.c.claim_id == c.id, reports_limit)
    ca = t.claim_actors
    acts = [{"id": r.id, "name": r.name, "type": r.type, "role": r.role} for r in conn.execute(
        select(t.actors.c.id, t.actors.c.name, t.actors.c.type, ca.c.role)
        .join(ca, ca.c.actor_id == t.actors.c.id).where(ca.c.claim_id == c.id).order_by(ca.c.role, t.actors.c.name))]
    return {"id": c.id, "summary": c.summary, "status": c.status, "origins": json.loads(c.origins or "[]"),
            "reports": reports, "actors": acts}


def claims(conn: Connection, about: str | None = None, status: str | None = None, limit: int = 100,
           offset: int = 0, reports_per_claim: int = 50) -> list[ClaimRow]:
    """Claims, last updated first, each with its reports (the CLAIM_REPORT_KEYS of each)."""
    q = t.claims.select().order_by(t.claims.c.updated_at.desc(), t.claims.c.id.desc()).limit(limit).offset(offset)
    if status:
        q = q.where(t.claims.c.status == status)
    if about:
        actor_id = find_actor(conn, about)
        if actor_id is None:
            return []
        q = q.where(t.claims.c.id.in_(select(t.claim_actors.c.claim_id).where(t.claim_actors.c.actor_id == actor_id)))
    out = []
    for c in conn.execute(q).all():
        reports = report_rows(conn, t.attributions.c.claim_id == c.id, reports_per_claim)
        if not reports:
            continue  # every report was in a revision that has since been replaced
        out.append(ClaimRow(id=c.id, summary=c.summary, status=c.status, origins=json.loads(c.origins or "[]"),
                            reports=[{k: r[k] for k in CLAIM_REPORT_KEYS} for r in reports]))
    return out


# ---------------------------------------------------------------- sources and counts
def sources(conn: Connection, limit: int = 500) -> list[SourceRow]:
    """Who cites whom over current revisions; citing = the document's outlet, else its path."""
    a, rev = t.attributions, t.revisions
    citing = func.coalesce(rev.c.outlet, rev.c.source_path)
    cited = func.coalesce(t.actors.c.name, a.c.source)
    q = (select(citing.label("citing"), cited.label("cited"), a.c.source_type, func.count().label("reports"))
         .join(rev, and_(rev.c.id == a.c.revision_id, rev.c.is_current))
         .outerjoin(t.actors, t.actors.c.id == a.c.source_actor_id)
         .where(and_(a.c.source_type != "unattributed", cited.is_not(None), cited != ""))
         .group_by(citing, cited, a.c.source_type)
         .order_by(func.count().desc()).limit(limit))
    return [SourceRow(**r._mapping) for r in conn.execute(q)]


def counts(conn: Connection) -> dict:
    """Counts of everything stored, with claims by status and actors by type."""
    def count(table) -> int:
        return conn.execute(select(func.count()).select_from(table)).scalar()

    out: dict[str, Any] = {"documents": count(t.documents), "revisions": count(t.revisions),
                           "actors": count(t.actors), "actor_names": count(t.actor_names),
                           "attributions": count(t.attributions), "claims": count(t.claims),
                           "failures": count(t.ingest_failures), "ingest_runs": count(t.ingest_runs)}
    out["claims_by_status"] = {r[0]: r[1] for r in conn.execute(
        select(t.claims.c.status, func.count()).group_by(t.claims.c.status))}
    out["actors_by_type"] = {r[0]: r[1] for r in conn.execute(
        select(t.actors.c.type, func.count()).group_by(t.actors.c.type))}
    return out


def failures(conn: Connection, run_id: int | None = None) -> list[dict]:
    """[{id, run_id, source_path, error, created_at}] of every recorded failure (of one run)."""
    q = select(t.ingest_failures).order_by(t.ingest_failures.c.id)
    if run_id is not None:
        q = q.where(t.ingest_failures.c.run_id == run_id)
    return [dict(r._mapping) for r in conn.execute(q)]
