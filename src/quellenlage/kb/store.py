"""The knowledge base: one write path (`KnowledgeBase.add`), one transaction per document, and the queries.

SQLite (default, `./quellenlage.sqlite`) and PostgreSQL (`postgresql://…`) share this code and the schema in
`schema.py`; SQLAlchemy Core hides the dialect. All query methods return plain JSON-ready dicts and lists —
the shapes documented in docs/kb.md, used by the CLI and the web API alike.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import and_, bindparam, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from quellenlage.kb import claims as cl
from quellenlage.kb import names as nm
from quellenlage.kb.schema import (actor_mentions, actor_merges, actor_names, actor_pins, actor_separations,
                                   actors, attribution_about, attributions, claim_actors, documents,
                                   ingest_failures, ingest_runs, migrate, revisions)
from quellenlage.kb.schema import claims as claims_t
from quellenlage.model import Actor, Analysis, Attribution
from quellenlage.settings import DEFAULTS, default_db

DEFAULT_DB = DEFAULTS.db
MAX_NAMES_COMPARED = 30  # names of one candidate actor compared with an incoming name (bounds the cost)
MAX_CLAIM_CANDIDATES = 300  # most recent claims about the same actors compared with a new message


def db_url(db: str | None) -> str:
    """A plain path means a SQLite file; anything with '://' is an SQLAlchemy URL."""
    db = default_db(db)
    if "://" in db:
        for prefix in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we ship
            if db.startswith(prefix):
                return "postgresql+psycopg://" + db[len(prefix):]
        return db
    return f"sqlite:///{db}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
    ins_actor = actors.insert()
    ins_mention = actor_mentions.insert()
    ins_merge = actor_merges.insert()
    ins_name = actor_names.insert()
    ins_att = attributions.insert()
    ins_about = attribution_about.insert()
    ins_claim = claims_t.insert()
    ins_claim_actor = claim_actors.insert()
    pin = select(actor_pins.c.actor_id).where(actor_pins.c.norm == bindparam("norm"))
    exact = (select(actor_names.c.actor_id, actors.c.type, func.sum(actor_names.c.count).label("n"))
             .join(actors, actors.c.id == actor_names.c.actor_id).where(actor_names.c.norm == bindparam("norm"))
             .group_by(actor_names.c.actor_id, actors.c.type).order_by(func.sum(actor_names.c.count).desc()))
    by_keys = (select(actor_names.c.actor_id, actor_names.c.name, actors.c.type)
               .join(actors, actors.c.id == actor_names.c.actor_id)
               .where(actor_names.c.key.in_(bindparam("keys", expanding=True))).limit(2000))
    name_row = select(actor_names.c.id).where(and_(actor_names.c.actor_id == bindparam("aid"),
                                                   actor_names.c.name == bindparam("name")))
    name_count_up = (update(actor_names).where(actor_names.c.id == bindparam("nid"))
                     .values(count=actor_names.c.count + 1))
    names_of = select(actor_names.c.name, actor_names.c.norm, actor_names.c.count).where(
        actor_names.c.actor_id == bindparam("aid"))
    rename = (update(actors).where(and_(actors.c.id == bindparam("aid"), actors.c.name != bindparam("best")))
              .values(name=bindparam("best")))
    actor_name = select(actors.c.name).where(actors.c.id == bindparam("aid"))
    docs_up = (update(actors).where(actors.c.id.in_(bindparam("ids", expanding=True)))
               .values(documents=actors.c.documents + 1))
    claim_cands = (select(claim_actors.c.claim_id).where(claim_actors.c.actor_id.in_(
        bindparam("ids", expanding=True))).distinct().order_by(claim_actors.c.claim_id.desc())
        .limit(MAX_CLAIM_CANDIDATES))
    claim_vectors = select(attributions.c.claim_id, attributions.c.vector).where(and_(
        attributions.c.claim_id.in_(bindparam("ids", expanding=True)), attributions.c.vector.is_not(None)))
    set_claim = (update(attributions).where(attributions.c.id == bindparam("row"))
                 .values(claim_id=bindparam("cid")))
    claim_actor_rows = select(claim_actors.c.actor_id, claim_actors.c.role).where(
        claim_actors.c.claim_id == bindparam("cid"))
    claim_reports = (select(attributions.c.origin_name, attributions.c.epistemic, attributions.c.message)
                     .join(revisions, revisions.c.id == attributions.c.revision_id)
                     .where(and_(attributions.c.claim_id == bindparam("cid"), revisions.c.is_current)))
    set_status = (update(claims_t).where(claims_t.c.id == bindparam("cid"))
                  .values(status=bindparam("status"), origins=bindparam("origins"), updated_at=bindparam("now")))
    set_links = (update(attributions).where(attributions.c.id == bindparam("row"))
                 .values(parent_id=bindparam("parent"), continues_id=bindparam("cont")))


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers (Datasette, the web UI) do not block the writer
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _doc_key(analysis: Analysis) -> str:
    """What makes two texts versions of one document: the URL, else the source path, else the text itself."""
    d = analysis.document
    return d.url or d.source_path or f"content:{d.id}"


def _actor_about(analysis: Analysis, att: Attribution) -> set[str]:
    """Local actor ids with a mention inside the message spans of `att`."""
    out = set()
    for actor in analysis.actors:
        for m in actor.mentions:
            if any(s.start <= m.start and m.end <= s.end for s in att.message):
                out.add(actor.id)
    return out


def effective_actors(analysis: Analysis) -> list[Actor]:
    """The analysis' actors; before attribution produces any, PER/ORG entities stand in (one actor per text)."""
    if analysis.actors:
        return [a for a in analysis.actors if a.name and a.name.strip()]  # a nameless actor cannot be merged
    from quellenlage.model import Mention
    by_text: dict[tuple[str, str], Actor] = {}
    types = {"PER": "person", "ORG": "organisation"}
    for e in analysis.entities:
        t = types.get(e.label)
        if not t:
            continue
        k = (nm.ascii_norm(e.text), t)
        if k not in by_text:
            by_text[k] = Actor(id=f"e{len(by_text) + 1}", name=e.text, type=t)
        by_text[k].mentions.append(Mention(e.start, e.end, e.text))
    return list(by_text.values())


class KnowledgeBase:
    """A knowledge base in SQLite or PostgreSQL. Thread-unsafe by design: one writer per process.

    Example:
        kb = KnowledgeBase("quellenlage.sqlite")
        kb.add(analysis)                    # one transaction
        kb.actors(); kb.actor("Kozak"); kb.claims(about="Kozak", status="corroborated")
    """

    def __init__(self, db: str | None = None, encoder: str = "auto"):
        self.url = db_url(db)
        kwargs: dict[str, Any] = {}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)
        self._encoder_kind = encoder

    @property
    def encoder(self):
        return cl.get_encoder(self._encoder_kind)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ writing
    def has_revision(self, content_id: str) -> bool:
        """True if this exact text is stored already (re-ingest skips it without analysing)."""
        with self.engine.connect() as conn:
            return conn.execute(select(revisions.c.id).where(revisions.c.id == content_id)).first() is not None

    def stored_revision_ids(self) -> set[str]:
        """Content hashes of every stored text (what `ingest` skips)."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(revisions.c.id))}

    def add(self, analysis: Analysis, vectors: dict[str, bytes] | None = None) -> AddResult:  # noqa: C901
        """Store one analysed document in its own transaction: document, revision, actors, attributions, claims.

        Same text again: nothing changes ("unchanged"). Same url/path with other text: a new revision that
        becomes current. `vectors` are message embeddings from `claims.embed_analysis` (computed here if None).
        """
        if vectors is None:
            vectors = cl.embed_analysis(analysis, self.encoder)
        rid = analysis.document.id
        with self.engine.begin() as conn:
            existing = conn.execute(_S.rev_doc, {"rid": rid}).scalar()
            if existing is not None:
                return AddResult("unchanged", rid, existing)
            key = _doc_key(analysis)
            doc_id = conn.execute(_S.doc_by_key, {"key": key}).scalar()
            status = "revised" if doc_id else "stored"
            if doc_id is None:
                doc_id = conn.execute(_S.ins_doc, {"key": key, "first_seen": _now()}).inserted_primary_key[0]
                number = 1
            else:
                number = (conn.execute(select(func.max(revisions.c.number)).where(
                    revisions.c.document_id == doc_id)).scalar() or 0) + 1
                conn.execute(update(revisions).where(revisions.c.document_id == doc_id).values(is_current=False))
            d = analysis.document
            conn.execute(_S.ins_rev, dict(
                id=rid, document_id=doc_id, number=number, is_current=True, title=d.title, date=d.date,
                outlet=d.outlet, url=d.url, source_path=d.source_path, language=d.language, text=analysis.text,
                pipeline=json.dumps(analysis.pipeline), analysis=json.dumps(analysis.to_dict(), ensure_ascii=False),
                ingested_at=_now()))
            local_to_kb = self._store_actors(conn, analysis, rid)
            touched = self._store_attributions(conn, analysis, rid, local_to_kb, vectors)
            if status == "stored":  # a new document: +1 for each actor in it, no scan
                ids = sorted(set(local_to_kb.values()))
                if ids:
                    conn.execute(_S.docs_up, {"ids": ids})
            else:
                self._recount(conn, self._actors_of_document(conn, doc_id))
            if status == "revised":
                touched |= self._claims_of_old_revisions(conn, doc_id, rid)
            for claim_id in touched:
                self._update_claim_status(conn, claim_id)
        return AddResult(status, rid, doc_id)

    # actors -------------------------------------------------------------
    def _store_actors(self, conn: Connection, analysis: Analysis, rid: str) -> dict[str, int]:
        chosen: dict[str, int] = {}
        # full names first, so a bare surname can lean on the people already resolved in this document
        ordered = sorted(effective_actors(analysis),
                         key=lambda a: a.type == nm.PERSON and not nm.split_person(a.name)[0])
        for actor in ordered:
            kb_id = self._resolve(conn, actor.name, actor.type, rid, in_doc=set(chosen.values()),
                                  roles=actor.roles)
            chosen[actor.id] = kb_id
            surface = [actor.name] + [m.text for m in actor.mentions
                                      if nm.is_name_like(m.text, actor.name, actor.type)]
            for name in dict.fromkeys(surface):
                self._add_name(conn, kb_id, name, actor.type)
            self._refresh_display_name(conn, kb_id)
            conn.execute(_S.ins_mention, dict(
                revision_id=rid, local_id=actor.id, actor_id=kb_id, name=actor.name, type=actor.type,
                roles=json.dumps(actor.roles, ensure_ascii=False),
                mentions=json.dumps([{"start": m.start, "end": m.end, "text": m.text} for m in actor.mentions],
                                    ensure_ascii=False)))
        return chosen

    def _refresh_display_name(self, conn: Connection, actor_id: int) -> None:
        """Show an actor under its best name: Latin script, nominative, fullest, most frequent.

        "Wladimir Putins" is shown as "Wladimir Putin" once "Putin" is attested: a genitive form whose
        nominative surname is also seen is turned into the nominative.
        """
        rows = conn.execute(_S.names_of, {"aid": actor_id}).all()
        if not rows:
            return
        last_words = {r.norm.split()[-1] for r in rows if r.norm}
        candidates = []
        for r in rows:
            words = r.norm.split()
            base = nm.degenitive(words[-1]) if words else None
            name = r.name
            if base and base in last_words and r.name.endswith("s"):
                name = r.name[:-1]  # genitive of an attested surname
            latin = all(ord(ch) < 0x250 for ch in name)
            candidates.append(((latin, min(len(words), 3), r.count, len(name)), name))
        best = max(candidates)[1]
        conn.execute(_S.rename, {"aid": actor_id, "best": best})

    def _add_name(self, conn: Connection, actor_id: int, name: str, type_: str) -> None:
        row = conn.execute(_S.name_row, {"aid": actor_id, "name": name}).first()
        if row:
            conn.execute(_S.name_count_up, {"nid": row[0]})
            return
        keys = nm.keys_for(name, type_) or [""]
        conn.execute(_S.ins_name, dict(actor_id=actor_id, name=name, norm=nm.ascii_norm(name), key=keys[0], count=1))

    def _context_choice(self, conn: Connection, verdicts: list, in_doc: set[int], roles: list[str]):
        """Among several people a bare surname could be, the one whose documents share actors or role words."""
        role_words = {w for r in roles for w in nm.ascii_norm(r).split() if len(w) >= 4}
        scored = []
        for actor_id, d, k in verdicts:
            revs = select(actor_mentions.c.revision_id).where(actor_mentions.c.actor_id == actor_id).limit(200)
            co = set(conn.execute(select(actor_mentions.c.actor_id).where(
                actor_mentions.c.revision_id.in_(revs)).distinct()).scalars()) - {actor_id}
            known_roles = {w for r in conn.execute(select(actor_mentions.c.roles).where(
                actor_mentions.c.actor_id == actor_id).limit(200)).scalars()
                for x in json.loads(r or "[]") for w in nm.ascii_norm(x).split() if len(w) >= 4}
            shared_actors, shared_roles = co & in_doc, known_roles & role_words
            scored.append((len(shared_actors) + len(shared_roles), actor_id, d, k, shared_actors, shared_roles))
        scored.sort(key=lambda x: -x[0])
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None  # no context, or a tie: do not guess
        n, actor_id, d, k, sa, sr = scored[0]
        names = [conn.execute(select(actors.c.name).where(actors.c.id == x)).scalar() for x in sorted(sa)]
        why = "; ".join(x for x in (f"co-mentioned with {', '.join(names)}" if names else "",
                                    f"shared role words {', '.join(sorted(sr))}" if sr else "") if x)
        return actor_id, nm.Decision(True, d.score, "surname-context",
                                     f"{d.explanation}; several people carry this surname, context decides: {why}"), k

    def _resolve(self, conn: Connection, name: str, type_: str, rid: str | None, in_doc: set[int],
                 roles: list[str] = ()) -> int:
        """The KB actor a document-local actor is; creates one when no known actor matches (explained)."""
        norm = nm.ascii_norm(name)
        group = nm.type_group(type_)
        pin = conn.execute(_S.pin, {"norm": norm}).scalar()
        if pin:
            return pin
        exact = conn.execute(_S.exact, {"norm": norm}).all()
        exact = [r for r in exact if nm.type_group(r.type) == group]
        bare_surname = group == nm.PERSON and not nm.split_person(name)[0]
        if exact and not bare_surname:  # a bare surname seen before may still belong to several people
            return exact[0].actor_id
        keys = nm.keys_for(name, type_)
        rows = conn.execute(_S.by_keys, {"keys": keys}).all() if keys else []
        by_actor: dict[int, list[str]] = defaultdict(list)
        for r in rows:
            if nm.type_group(r.type) == group and len(by_actor[r.actor_id]) < MAX_NAMES_COMPARED:
                by_actor[r.actor_id].append(r.name)
        verdicts = []
        for actor_id, known in by_actor.items():
            decisions = [(nm.compare(name, k, type_), k) for k in known]
            if any(not d.match and d.explanation.startswith("different first names") for d, _ in decisions):
                continue  # a different first name anywhere in the cluster: another person of that surname
            good = [(d, k) for d, k in decisions if d.match]
            if good:
                d, k = max(good, key=lambda x: x[0].score)
                verdicts.append((actor_id, d, k))
        if verdicts:
            if group == nm.PERSON and not nm.split_person(name)[0] and len(verdicts) > 1:
                # surname only and several people carry it: the one already in this document, else the one the
                # context points to (co-mentioned actors, role words), else none (a new actor, not a guess)
                here = [v for v in verdicts if v[0] in in_doc]
                ctx = None if here else self._context_choice(conn, verdicts, in_doc, list(roles or []))
                verdicts = here or ([ctx] if ctx else [])
            if len(verdicts) >= 1:
                actor_id, d, k = max(verdicts, key=lambda v: (v[0] in in_doc, v[1].score))
                seen = conn.execute(_S.name_row, {"aid": actor_id, "name": name}).first()
                if not seen:  # explain each name the first time it joins, not on every document
                    conn.execute(_S.ins_merge, dict(
                        actor_id=actor_id, name=name, matched_name=k, method=d.method, score=d.score,
                        explanation=d.explanation, revision_id=rid, created_at=_now()))
                return actor_id
        return conn.execute(_S.ins_actor, {"name": name, "type": type_, "created_at": _now()}).inserted_primary_key[0]

    # attributions and claims ---------------------------------------------
    def _store_attributions(self, conn: Connection, analysis: Analysis, rid: str, local_to_kb: dict[str, int],
                            vectors: dict[str, bytes]) -> set[int]:
        by_id = {a.id: a for a in analysis.attributions}
        actor_names_local = {a.id: a.name for a in effective_actors(analysis)}
        own_origin = analysis.document.outlet or analysis.document.source_path or rid
        row_ids: dict[str, int] = {}
        touched: set[int] = set()
        for att in analysis.attributions:
            chain = cl.chain_of(att.id, by_id)
            outlet_att = cl.outermost_outlet(chain, by_id)
            origin_actor = local_to_kb.get(outlet_att.source_actor) if outlet_att else None
            if outlet_att:
                origin = (actor_names_local.get(outlet_att.source_actor)
                          or " ".join(s.text for s in outlet_att.source) or own_origin)
            else:
                origin = own_origin
            derived = outlet_att is not None and nm.ascii_norm(origin) != nm.ascii_norm(own_origin)
            if origin_actor:
                origin = conn.execute(_S.actor_name, {"aid": origin_actor}).scalar() or origin
            message = cl.message_text(att)
            spans = {k: [{"start": s.start, "end": s.end, "text": s.text} for s in getattr(att, k)]
                     for k in ("cue", "source", "message", "addressee", "frame")}
            src_kb = local_to_kb.get(att.source_actor) if att.source_actor else None
            row_id = conn.execute(_S.ins_att, dict(
                revision_id=rid, local_id=att.id, form=att.form, medium=att.medium, epistemic=att.epistemic,
                source_type=att.source_type, confidence=getattr(att, "confidence", None),
                cue=" … ".join(s.text for s in att.cue), source=" … ".join(s.text for s in att.source),
                message=message, addressee=" … ".join(s.text for s in att.addressee),
                spans=json.dumps(spans, ensure_ascii=False), source_actor_id=src_kb,
                chain=json.dumps(chain), origin_name=origin, origin_actor_id=origin_actor, is_derived=derived,
                parent_id=None, continues_id=None, claim_id=None,
                vector=vectors.get(att.id))).inserted_primary_key[0]
            row_ids[att.id] = row_id
            about = {local_to_kb[x] for x in _actor_about(analysis, att) if x in local_to_kb}
            if about:
                conn.execute(_S.ins_about, [{"attribution_id": row_id, "actor_id": a} for a in sorted(about)])
            if message and att.id in vectors:
                claim_id = self._assign_claim(conn, row_id, message, vectors[att.id], src_kb, about)
                touched.add(claim_id)
        links = [{"row": row_ids[a.id], "parent": row_ids.get(a.parent), "cont": row_ids.get(a.continues)}
                 for a in analysis.attributions if a.parent in row_ids or a.continues in row_ids]
        if links:  # links inside the document, once every row exists
            conn.execute(_S.set_links, links)
        return touched

    def _assign_claim(self, conn: Connection, row_id: int, message: str, vector: bytes, source: int | None,
                      about: set[int]) -> int:
        """Join the most similar claim about the same actors, or start a new one."""
        import numpy as np
        actor_ids = set(about) | ({source} if source else set())
        best, best_sim = None, -1.0
        if actor_ids:
            cand = conn.execute(_S.claim_cands, {"ids": sorted(actor_ids)}).scalars().all()
            if cand:
                rows = conn.execute(_S.claim_vectors, {"ids": list(cand)}).all()
                if rows:
                    v = cl.from_blob(vector)
                    mat = np.stack([cl.from_blob(r.vector) for r in rows])
                    if mat.shape[1] == v.shape[0]:
                        sims = mat @ v
                        i = int(np.argmax(sims))
                        best, best_sim = rows[i].claim_id, float(sims[i])
        if best is None or best_sim < cl.threshold_for(vector):
            summary = message if len(message) <= 240 else message[:237] + "…"
            best = conn.execute(_S.ins_claim, dict(summary=summary, status="single-source", origins="[]",
                                                   created_at=_now(), updated_at=_now())).inserted_primary_key[0]
        conn.execute(_S.set_claim, {"row": row_id, "cid": best})
        existing = {(r.actor_id, r.role) for r in conn.execute(_S.claim_actor_rows, {"cid": best})}
        new = [{"claim_id": best, "actor_id": a, "role": role}
               for a, role in dict.fromkeys([(source, "source")] + [(a, "about") for a in sorted(about)])
               if a and (a, role) not in existing]
        if new:
            conn.execute(_S.ins_claim_actor, new)
        return best

    def _claims_of_old_revisions(self, conn: Connection, doc_id: int, rid: str) -> set[int]:
        rows = conn.execute(select(attributions.c.claim_id).join(revisions, revisions.c.id == attributions.c.revision_id)
                            .where(and_(revisions.c.document_id == doc_id, revisions.c.id != rid,
                                        attributions.c.claim_id.is_not(None)))).scalars().all()
        return set(rows)

    def _update_claim_status(self, conn: Connection, claim_id: int) -> None:
        rows = conn.execute(_S.claim_reports, {"cid": claim_id}).all()
        status, origins = cl.claim_status(cl.Report(r.origin_name or "", r.epistemic or "reported", r.message or "")
                                          for r in rows)
        conn.execute(_S.set_status, {"cid": claim_id, "status": status,
                                     "origins": json.dumps(origins, ensure_ascii=False), "now": _now()})

    def _recount(self, conn: Connection, actor_ids: set[int]) -> None:
        """Refresh actors.documents for these actors (current revisions only)."""
        from quellenlage.kb.schema import RECOUNT_SQL
        from sqlalchemy import bindparam, text
        if actor_ids:
            conn.execute(text(RECOUNT_SQL + " WHERE actors.id IN :ids").bindparams(
                bindparam("ids", expanding=True)), {"ids": sorted(actor_ids)})

    def _actors_of_document(self, conn: Connection, doc_id: int) -> set[int]:
        return set(conn.execute(select(actor_mentions.c.actor_id).join(
            revisions, revisions.c.id == actor_mentions.c.revision_id).where(
            revisions.c.document_id == doc_id)).scalars())

    # failures and runs -----------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        """Open an `ingest_runs` row; failures of this run point to it."""
        with self.engine.begin() as conn:
            return conn.execute(insert(ingest_runs).values(started_at=_now(), inputs=json.dumps(inputs),
                                                           stored=0, unchanged=0, revised=0, failed=0)
                                ).inserted_primary_key[0]

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        """Close the run with its counts (a run killed before this stays open, which is how it shows)."""
        with self.engine.begin() as conn:
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
                finished_at=_now(), **{k: counts.get(k, 0) for k in ("stored", "unchanged", "revised", "failed")}))

    def record_failure(self, run_id: int | None, source_path: str, error: str) -> None:
        """A document that could not be read, analysed or stored; the batch goes on."""
        with self.engine.begin() as conn:
            conn.execute(insert(ingest_failures).values(run_id=run_id, source_path=source_path, error=error,
                                                        created_at=_now()))

    def failures(self, run_id: int | None = None) -> list[dict]:
        q = select(ingest_failures).order_by(ingest_failures.c.id)
        if run_id is not None:
            q = q.where(ingest_failures.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # ------------------------------------------------------------------ manual curation
    def find_actor(self, name_or_id: str | int) -> int | None:
        """An actor id from an id, an exact (transliterated) name, or the name matcher; None if unknown."""
        with self.engine.connect() as conn:
            if isinstance(name_or_id, int) or str(name_or_id).isdigit():
                if conn.execute(select(actors.c.id).where(actors.c.id == int(name_or_id))).first():
                    return int(name_or_id)
            name = str(name_or_id)
            norm = nm.ascii_norm(name)
            pin = conn.execute(select(actor_pins.c.actor_id).where(actor_pins.c.norm == norm)).scalar()
            if pin:
                return pin
            row = conn.execute(select(actor_names.c.actor_id).where(actor_names.c.norm == norm)
                               .group_by(actor_names.c.actor_id)
                               .order_by(func.sum(actor_names.c.count).desc()).limit(1)).scalar()
            if row:
                return row
            for type_ in ("person", "organisation"):
                keys = nm.keys_for(name, type_)
                rows = conn.execute(select(actor_names.c.actor_id, actor_names.c.name, actor_names.c.count)
                                    .where(actor_names.c.key.in_(keys)).limit(500)).all() if keys else []
                scored = [(nm.compare(name, r.name, type_), r) for r in rows]
                scored = [(d.score, r.count, r.actor_id) for d, r in scored if d.match]
                if scored:
                    return max(scored)[2]
        return None

    def merge(self, keep: str | int, other: str | int, reason: str = "manual merge") -> int:
        """Merge actor `other` into `keep`; its names are pinned to `keep` so re-ingest keeps the merge."""
        a, b = self.find_actor(keep), self.find_actor(other)
        if a is None or b is None:
            raise KeyError(f"unknown actor: {keep if a is None else other}")
        if a == b:
            return a
        with self.engine.begin() as conn:
            for t, col in ((actor_mentions, actor_mentions.c.actor_id), (attributions, attributions.c.source_actor_id),
                           (attributions, attributions.c.origin_actor_id), (actor_merges, actor_merges.c.actor_id),
                           (actor_pins, actor_pins.c.actor_id)):
                conn.execute(update(t).where(col == b).values({col.key: a}))
            for row in conn.execute(select(actor_names).where(actor_names.c.actor_id == b)).all():
                if conn.execute(select(actor_names.c.id).where(and_(actor_names.c.actor_id == a,
                                                                    actor_names.c.name == row.name))).first():
                    conn.execute(update(actor_names).where(and_(actor_names.c.actor_id == a, actor_names.c.name == row.name))
                                 .values(count=actor_names.c.count + row.count))
                    conn.execute(delete(actor_names).where(actor_names.c.id == row.id))
                else:
                    conn.execute(update(actor_names).where(actor_names.c.id == row.id).values(actor_id=a))
                self._pin(conn, row.norm, a, reason)
            self._move_links(conn, attribution_about, "attribution_id", b, a)
            self._move_links(conn, claim_actors, "claim_id", b, a, extra="role")
            conn.execute(delete(actor_separations).where(or_(actor_separations.c.actor_id == b,
                                                             actor_separations.c.other_actor_id == b)))
            name_b = conn.execute(select(actors.c.name).where(actors.c.id == b)).scalar()
            conn.execute(delete(actors).where(actors.c.id == b))
            conn.execute(insert(actor_merges).values(actor_id=a, name=name_b, matched_name=None, method="manual-merge",
                                                     score=1.0, explanation=reason, created_at=_now()))
            self._recount(conn, {a})
            self._refresh_display_name(conn, a)
        return a

    def _move_links(self, conn: Connection, table, other_col: str, old: int, new: int, extra: str | None = None):
        cols = [other_col] + ([extra] if extra else [])
        for row in conn.execute(select(*[table.c[c] for c in cols]).where(table.c.actor_id == old)).all():
            cond = and_(*[table.c[c] == getattr(row, c) for c in cols])
            if conn.execute(select(table.c.actor_id).where(and_(cond, table.c.actor_id == new))).first():
                conn.execute(delete(table).where(and_(cond, table.c.actor_id == old)))
            else:
                conn.execute(update(table).where(and_(cond, table.c.actor_id == old)).values(actor_id=new))

    def _pin(self, conn: Connection, norm: str, actor_id: int, reason: str) -> None:
        conn.execute(delete(actor_pins).where(actor_pins.c.norm == norm))
        conn.execute(insert(actor_pins).values(norm=norm, actor_id=actor_id, reason=reason, created_at=_now()))

    def split(self, actor: str | int, names: list[str], reason: str = "manual split") -> int:
        """Move the given surface names (and the documents that used them) of `actor` into a new actor."""
        a = self.find_actor(actor)
        if a is None:
            raise KeyError(f"unknown actor: {actor}")
        norms = {nm.ascii_norm(n) for n in names}
        with self.engine.begin() as conn:
            rows = conn.execute(select(actor_names).where(and_(actor_names.c.actor_id == a,
                                                               actor_names.c.norm.in_(norms)))).all()
            if not rows:
                raise KeyError(f"actor {a} has none of the names {names}")
            type_ = conn.execute(select(actors.c.type).where(actors.c.id == a)).scalar()
            new = conn.execute(insert(actors).values(name=rows[0].name, type=type_, created_at=_now())
                               ).inserted_primary_key[0]
            conn.execute(update(actor_names).where(actor_names.c.id.in_([r.id for r in rows])).values(actor_id=new))
            # documents whose local actor had one of these names move with them
            moved = conn.execute(select(actor_mentions.c.id, actor_mentions.c.revision_id, actor_mentions.c.name)
                                 .where(actor_mentions.c.actor_id == a)).all()
            moved = [m for m in moved if nm.ascii_norm(m.name) in norms]
            for m in moved:
                conn.execute(update(actor_mentions).where(actor_mentions.c.id == m.id).values(actor_id=new))
                conn.execute(update(attributions).where(and_(attributions.c.revision_id == m.revision_id,
                                                             attributions.c.source_actor_id == a))
                             .values(source_actor_id=new))
            for n in norms:
                self._pin(conn, n, new, reason)
            conn.execute(insert(actor_separations).values(actor_id=a, other_actor_id=new, created_at=_now()))
            conn.execute(insert(actor_merges).values(actor_id=new, name=rows[0].name, matched_name=None,
                                                     method="manual-split", score=None,
                                                     explanation=f"{reason}: split from actor {a}", created_at=_now()))
            self._recount(conn, {a, new})
            self._refresh_display_name(conn, a)
            self._refresh_display_name(conn, new)
        return new

    # ------------------------------------------------------------------ queries
    def documents(self, limit: int = 100, offset: int = 0) -> list[dict]:
        """Current revisions, newest ingest first: {id, revision_id, revision, title, date, outlet, url, source_path}."""
        q = (select(documents.c.id, revisions.c.id.label("revision_id"), revisions.c.number.label("revision"),
                    revisions.c.title, revisions.c.date, revisions.c.outlet, revisions.c.url, revisions.c.source_path)
             .join(revisions, and_(revisions.c.document_id == documents.c.id, revisions.c.is_current))
             .order_by(documents.c.id.desc()).limit(limit).offset(offset))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def document(self, doc_id: int | str) -> dict | None:
        """One document with every revision; `analysis` is the current quellenlage/1 JSON."""
        with self.engine.connect() as conn:
            if isinstance(doc_id, str):
                # a content hash first: about 1 in 1,800 of them is all digits and would read as a number
                by_hash = conn.execute(select(revisions.c.document_id).where(revisions.c.id == doc_id)).scalar()
                if by_hash is not None:
                    doc_id = by_hash
                elif not doc_id.isdigit():
                    return None
            revs = conn.execute(select(revisions).where(revisions.c.document_id == int(doc_id))
                                .order_by(revisions.c.number)).all()
            if not revs:
                return None
            cur = next(r for r in revs if r.is_current)
            return {"id": int(doc_id), "revision_id": cur.id, "title": cur.title, "date": cur.date,
                    "outlet": cur.outlet, "url": cur.url, "source_path": cur.source_path,
                    "revisions": [{"id": r.id, "number": r.number, "ingested_at": r.ingested_at,
                                   "is_current": bool(r.is_current)} for r in revs],
                    "analysis": json.loads(cur.analysis) if cur.analysis else None}

    def actors(self, limit: int = 100, offset: int = 0, type: str | None = None, q: str | None = None) -> list[dict]:
        """Actors by number of documents: [{id, name, type, names, documents}] (the `actors --format json` shape)."""
        query = select(actors.c.id, actors.c.name, actors.c.type, actors.c.documents)
        if type:
            query = query.where(actors.c.type == type)
        if q:
            needle = nm.ascii_norm(q)
            if not needle:
                return []  # only punctuation: matches nothing rather than everything
            # autoescape: "_" and "%" in a query are characters, not LIKE wildcards
            query = query.where(actors.c.id.in_(select(actor_names.c.actor_id).where(
                actor_names.c.norm.contains(needle, autoescape=True))))
        query = query.order_by(actors.c.documents.desc(), actors.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            names = self._names(conn, [r.id for r in rows])
        return [{"id": r.id, "name": r.name, "type": r.type, "names": names.get(r.id, []),
                 "documents": r.documents} for r in rows]

    def _names(self, conn: Connection, ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        if ids:
            for r in conn.execute(select(actor_names.c.actor_id, actor_names.c.name).where(
                    actor_names.c.actor_id.in_(ids)).order_by(actor_names.c.count.desc(), actor_names.c.name)):
                out[r.actor_id].append(r.name)
        return out

    def _report_rows(self, conn: Connection, where, limit: int) -> list[dict]:
        q = (select(attributions.c.id, attributions.c.local_id, attributions.c.revision_id, attributions.c.cue,
                    attributions.c.source, attributions.c.message, attributions.c.epistemic, attributions.c.form,
                    attributions.c.source_type, attributions.c.claim_id, attributions.c.origin_name,
                    attributions.c.is_derived, attributions.c.chain, actors.c.name.label("source_actor"),
                    revisions.c.document_id, revisions.c.source_path, revisions.c.outlet, revisions.c.date,
                    revisions.c.title)
             .join(revisions, and_(revisions.c.id == attributions.c.revision_id, revisions.c.is_current))
             .outerjoin(actors, actors.c.id == attributions.c.source_actor_id)
             .where(where).order_by(revisions.c.date.desc(), attributions.c.id.desc()).limit(limit))
        return [{"attribution_id": r.local_id, "id": r.id, "document_id": r.document_id, "revision_id": r.revision_id,
                 "source_path": r.source_path, "outlet": r.outlet, "date": r.date, "title": r.title, "cue": r.cue,
                 "source": r.source, "source_actor": r.source_actor, "source_type": r.source_type,
                 "text": r.message, "epistemic": r.epistemic, "form": r.form, "claim_id": r.claim_id,
                 "origin": r.origin_name, "derived": bool(r.is_derived), "chain": json.loads(r.chain or "[]")}
                for r in conn.execute(q)]

    def actor(self, name_or_id: str | int, limit: int = 50) -> dict | None:
        """Everything about one actor: names, merges (with explanations), what they said, what was said about them."""
        actor_id = self.find_actor(name_or_id)
        if actor_id is None:
            return None
        with self.engine.connect() as conn:
            a = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
            n_docs = a.documents
            said = self._report_rows(conn, attributions.c.source_actor_id == actor_id, limit)
            about_ids = select(attribution_about.c.attribution_id).where(attribution_about.c.actor_id == actor_id)
            about = self._report_rows(conn, attributions.c.id.in_(about_ids), limit)
            merges = [dict(r._mapping) for r in conn.execute(
                select(actor_merges.c.name, actor_merges.c.matched_name, actor_merges.c.method, actor_merges.c.score,
                       actor_merges.c.explanation).where(actor_merges.c.actor_id == actor_id)
                .order_by(actor_merges.c.id).limit(200))]
            roles = set()
            for r in conn.execute(select(actor_mentions.c.roles).where(actor_mentions.c.actor_id == actor_id).limit(200)):
                roles.update(json.loads(r.roles or "[]"))
            names = self._names(conn, [actor_id])[actor_id]
            timeline = self._timeline(conn, actor_id, about_ids)
        return {"id": a.id, "name": a.name, "type": a.type, "names": names, "documents": n_docs,
                "roles": sorted(roles), "said": said, "about": about, "merges": merges, "timeline": timeline}

    def _timeline(self, conn: Connection, actor_id: int, about_ids) -> list[dict]:
        """Reports by month (document date): how often the actor spoke and was spoken about."""
        month = func.substr(revisions.c.date, 1, 7)
        out: dict[str, dict] = {}
        for key, where in (("said", attributions.c.source_actor_id == actor_id),
                           ("about", attributions.c.id.in_(about_ids))):
            q = (select(month.label("m"), func.count().label("n"))
                 .join(revisions, and_(revisions.c.id == attributions.c.revision_id, revisions.c.is_current))
                 .where(where).group_by(month))
            for r in conn.execute(q):
                out.setdefault(r.m or "undated", {"month": r.m or "undated", "said": 0, "about": 0})[key] = r.n
        return [out[k] for k in sorted(out)]

    def claim(self, claim_id: int, reports_limit: int = 500) -> dict | None:
        """One claim with every current report (full report rows, as in `actor()`) and its actors; None if unknown."""
        with self.engine.connect() as conn:
            c = conn.execute(select(claims_t).where(claims_t.c.id == int(claim_id))).first()
            if c is None:
                return None
            reports = self._report_rows(conn, attributions.c.claim_id == c.id, reports_limit)
            acts = [{"id": r.id, "name": r.name, "type": r.type, "role": r.role} for r in conn.execute(
                select(actors.c.id, actors.c.name, actors.c.type, claim_actors.c.role)
                .join(claim_actors, claim_actors.c.actor_id == actors.c.id)
                .where(claim_actors.c.claim_id == c.id).order_by(claim_actors.c.role, actors.c.name))]
        return {"id": c.id, "summary": c.summary, "status": c.status, "origins": json.loads(c.origins or "[]"),
                "reports": reports, "actors": acts}

    def claims(self, about: str | None = None, status: str | None = None, limit: int = 100, offset: int = 0,
               reports_per_claim: int = 50) -> list[dict]:
        """[{id, summary, status, origins, reports: [{document_id, source_path, outlet, attribution_id, text, …}]}]."""
        q = (select(claims_t).order_by(claims_t.c.updated_at.desc(), claims_t.c.id.desc())
             .limit(limit).offset(offset))
        if status:
            q = q.where(claims_t.c.status == status)
        if about:
            actor_id = self.find_actor(about)
            if actor_id is None:
                return []
            q = q.where(claims_t.c.id.in_(select(claim_actors.c.claim_id).where(claim_actors.c.actor_id == actor_id)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            out = []
            for c in rows:
                reports = self._report_rows(conn, attributions.c.claim_id == c.id, reports_per_claim)
                if not reports:
                    continue  # every report was in a revision that has since been replaced
                out.append({"id": c.id, "summary": c.summary, "status": c.status,
                            "origins": json.loads(c.origins or "[]"),
                            "reports": [{k: r[k] for k in ("document_id", "source_path", "outlet", "attribution_id",
                                                           "text", "date", "cue", "source", "epistemic", "origin",
                                                           "derived", "chain")} for r in reports]})
        return out

    def sources(self, limit: int = 500) -> list[dict]:
        """Who cites whom: [{citing, cited, source_type, reports}] over current revisions."""
        citing = func.coalesce(revisions.c.outlet, revisions.c.source_path)
        cited = func.coalesce(actors.c.name, attributions.c.source)
        q = (select(citing.label("citing"), cited.label("cited"), attributions.c.source_type,
                    func.count().label("reports"))
             .join(revisions, and_(revisions.c.id == attributions.c.revision_id, revisions.c.is_current))
             .outerjoin(actors, actors.c.id == attributions.c.source_actor_id)
             .where(and_(attributions.c.source_type != "unattributed", cited.is_not(None), cited != ""))
             .group_by(citing, cited, attributions.c.source_type)
             .order_by(func.count().desc()).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def stats(self) -> dict:
        """Counts of everything stored."""
        with self.engine.connect() as conn:
            def count(t, where=None):
                q = select(func.count()).select_from(t)
                return conn.execute(q.where(where) if where is not None else q).scalar()
            out = {"documents": count(documents), "revisions": count(revisions),
                   "actors": count(actors), "actor_names": count(actor_names), "attributions": count(attributions),
                   "claims": count(claims_t), "failures": count(ingest_failures), "ingest_runs": count(ingest_runs)}
            out["claims_by_status"] = {r[0]: r[1] for r in conn.execute(
                select(claims_t.c.status, func.count()).group_by(claims_t.c.status))}
            out["actors_by_type"] = {r[0]: r[1] for r in conn.execute(
                select(actors.c.type, func.count()).group_by(actors.c.type))}
        out["database"] = self.engine.url.render_as_string(hide_password=True)
        out["claim_encoder"] = cl.encoder_name(self._encoder_kind)
        return out
