"""Cross-document actor resolution: which knowledge-base actor a document-local actor is (names.py decides).

Order of evidence (docs/kb.md, "Actors across documents"): a manual pin, the same transliterated name, then
candidates sharing a blocking key compared by `names.compare`; a bare surname that several people carry is
decided by the document's context or becomes a new actor. Every join is explained in `actor_merges`.
"""
from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.engine import Connection

from quellenlage.kb import names as nm
from quellenlage.kb.db import now
from quellenlage.kb.schema import actor_mentions, actor_merges, actor_names, actor_pins, actors
from quellenlage.model import Actor, Analysis, Mention

MAX_NAMES_COMPARED = 30  # names of one candidate actor compared with an incoming name (bounds the cost)


class _S:
    """Statements built once: building SQLAlchemy statements per row cost more than running them."""
    ins_actor = actors.insert()
    ins_mention = actor_mentions.insert()
    ins_merge = actor_merges.insert()
    ins_name = actor_names.insert()
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


def effective_actors(analysis: Analysis) -> list[Actor]:
    """The analysis' actors; before attribution produces any, PER/ORG entities stand in (one actor per text)."""
    if analysis.actors:
        return [a for a in analysis.actors if a.name and a.name.strip()]  # a nameless actor cannot be merged
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


def store_actors(conn: Connection, analysis: Analysis, rid: str) -> dict[str, int]:
    chosen: dict[str, int] = {}
    # full names first, so a bare surname can lean on the people already resolved in this document
    ordered = sorted(effective_actors(analysis),
                     key=lambda a: a.type == nm.PERSON and not nm.split_person(a.name)[0])
    for actor in ordered:
        kb_id = resolve(conn, actor.name, actor.type, rid, in_doc=set(chosen.values()),
                              roles=actor.roles)
        chosen[actor.id] = kb_id
        surface = [actor.name] + [m.text for m in actor.mentions
                                  if nm.is_name_like(m.text, actor.name, actor.type)]
        for name in dict.fromkeys(surface):
            add_name(conn, kb_id, name, actor.type)
        refresh_display_name(conn, kb_id)
        conn.execute(_S.ins_mention, dict(
            revision_id=rid, local_id=actor.id, actor_id=kb_id, name=actor.name, type=actor.type,
            roles=json.dumps(actor.roles, ensure_ascii=False),
            mentions=json.dumps([{"start": m.start, "end": m.end, "text": m.text} for m in actor.mentions],
                                ensure_ascii=False)))
    return chosen


def refresh_display_name(conn: Connection, actor_id: int) -> None:
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


def add_name(conn: Connection, actor_id: int, name: str, type_: str) -> None:
    row = conn.execute(_S.name_row, {"aid": actor_id, "name": name}).first()
    if row:
        conn.execute(_S.name_count_up, {"nid": row[0]})
        return
    keys = nm.keys_for(name, type_) or [""]
    conn.execute(_S.ins_name, dict(actor_id=actor_id, name=name, norm=nm.ascii_norm(name), key=keys[0], count=1))


def context_choice(conn: Connection, verdicts: list, in_doc: set[int], roles: list[str]):
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


def resolve(conn: Connection, name: str, type_: str, rid: str | None, in_doc: set[int],
            roles: list[str] = ()) -> int:
    """The KB actor a document-local actor is; creates one when no known actor matches (explained)."""
    norm = nm.ascii_norm(name)
    group = nm.type_group(type_)
    pin = conn.execute(_S.pin, {"norm": norm}).scalar()
    if pin:
        return pin
    exact = [r for r in conn.execute(_S.exact, {"norm": norm}).all() if nm.type_group(r.type) == group]
    bare_surname = group == nm.PERSON and not nm.split_person(name)[0]
    if exact and not bare_surname:  # a bare surname seen before may still belong to several people
        return exact[0].actor_id
    verdicts = candidates(conn, name, type_)
    if bare_surname and len(verdicts) > 1:
        # surname only and several people carry it: the one already in this document, else the one the
        # context points to (co-mentioned actors, role words), else none (a new actor, not a guess)
        here = [v for v in verdicts if v[0] in in_doc]
        ctx = None if here else context_choice(conn, verdicts, in_doc, list(roles or []))
        verdicts = here or ([ctx] if ctx else [])
    if not verdicts:
        return conn.execute(_S.ins_actor, {"name": name, "type": type_, "created_at": now()}).inserted_primary_key[0]
    actor_id, d, k = max(verdicts, key=lambda v: (v[0] in in_doc, v[1].score))
    if not conn.execute(_S.name_row, {"aid": actor_id, "name": name}).first():
        # explain each name the first time it joins, not on every document
        conn.execute(_S.ins_merge, dict(actor_id=actor_id, name=name, matched_name=k, method=d.method,
                                        score=d.score, explanation=d.explanation, revision_id=rid, created_at=now()))
    return actor_id


def candidates(conn: Connection, name: str, type_: str) -> list[tuple[int, nm.Decision, str]]:
    """(actor id, decision, matched name) of every known actor of the type group whose names `name` matches.

    Candidates share a blocking key; at most MAX_NAMES_COMPARED names of each are compared. An actor with a
    different first name anywhere among its names is another person of that surname and is skipped.
    """
    group = nm.type_group(type_)
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
            continue
        good = [(d, k) for d, k in decisions if d.match]
        if good:
            d, k = max(good, key=lambda x: x[0].score)
            verdicts.append((actor_id, d, k))
    return verdicts
