"""Curation by hand: merge actors, split names off an actor. Both pin the names (`actor_pins`), so a later
ingest resolves them the same way, and both are explained in `actor_merges`."""
from __future__ import annotations

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from quellenlage.kb import names as nm
from quellenlage.kb.db import now
from quellenlage.kb.queries import find_actor as _find
from quellenlage.kb.resolve import refresh_display_name
from quellenlage.kb.schema import (actor_mentions, actor_merges, actor_names, actor_pins, actor_separations, actors,
                                   attribution_about, attributions, claim_actors)
from quellenlage.kb.write import recount


def find_actor(engine: Engine, name_or_id: str | int) -> int | None:
    """`queries.find_actor` on a connection of its own."""
    with engine.connect() as conn:
        return _find(conn, name_or_id)


def merge(engine: Engine, keep: str | int, other: str | int, reason: str = "manual merge") -> int:
    """Merge actor `other` into `keep`; its names are pinned to `keep` so re-ingest keeps the merge."""
    a, b = find_actor(engine, keep), find_actor(engine, other)
    if a is None or b is None:
        raise KeyError(f"unknown actor: {keep if a is None else other}")
    if a == b:
        return a
    with engine.begin() as conn:
        for t, col in ((actor_mentions, actor_mentions.c.actor_id), (attributions, attributions.c.source_actor_id),
                       (attributions, attributions.c.origin_actor_id), (actor_merges, actor_merges.c.actor_id),
                       (actor_pins, actor_pins.c.actor_id)):
            conn.execute(update(t).where(col == b).values({col.key: a}))
        _move_names(conn, b, a, reason)
        move_links(conn, attribution_about, "attribution_id", b, a)
        move_links(conn, claim_actors, "claim_id", b, a, extra="role")
        conn.execute(delete(actor_separations).where(or_(actor_separations.c.actor_id == b,
                                                         actor_separations.c.other_actor_id == b)))
        name_b = conn.execute(select(actors.c.name).where(actors.c.id == b)).scalar()
        conn.execute(delete(actors).where(actors.c.id == b))
        conn.execute(insert(actor_merges).values(actor_id=a, name=name_b, matched_name=None, method="manual-merge",
                                                 score=1.0, explanation=reason, created_at=now()))
        recount(conn, {a})
        refresh_display_name(conn, a)
    return a


def _move_names(conn: Connection, old: int, new: int, reason: str) -> None:
    """Every name of actor `old` joins `new` (counts add up where both have it), pinned to `new`."""
    for row in conn.execute(select(actor_names).where(actor_names.c.actor_id == old)).all():
        same = and_(actor_names.c.actor_id == new, actor_names.c.name == row.name)
        if conn.execute(select(actor_names.c.id).where(same)).first():
            conn.execute(update(actor_names).where(same).values(count=actor_names.c.count + row.count))
            conn.execute(delete(actor_names).where(actor_names.c.id == row.id))
        else:
            conn.execute(update(actor_names).where(actor_names.c.id == row.id).values(actor_id=new))
        pin(conn, row.norm, new, reason)


def move_links(conn: Connection, table, other_col: str, old: int, new: int, extra: str | None = None) -> None:
    """Link rows of actor `old` in `table` go to `new`; a row `new` already has is dropped instead."""
    cols = [other_col] + ([extra] if extra else [])
    for row in conn.execute(select(*[table.c[c] for c in cols]).where(table.c.actor_id == old)).all():
        cond = and_(*[table.c[c] == getattr(row, c) for c in cols])
        if conn.execute(select(table.c.actor_id).where(and_(cond, table.c.actor_id == new))).first():
            conn.execute(delete(table).where(and_(cond, table.c.actor_id == old)))
        else:
            conn.execute(update(table).where(and_(cond, table.c.actor_id == old)).values(actor_id=new))


def pin(conn: Connection, norm: str, actor_id: int, reason: str) -> None:
    """This normalised name resolves to this actor from now on (replacing any earlier pin)."""
    conn.execute(delete(actor_pins).where(actor_pins.c.norm == norm))
    conn.execute(insert(actor_pins).values(norm=norm, actor_id=actor_id, reason=reason, created_at=now()))


def split(engine: Engine, actor: str | int, names: list[str], reason: str = "manual split") -> int:
    """Move the given surface names (and the documents that used them) of `actor` into a new actor."""
    a = find_actor(engine, actor)
    if a is None:
        raise KeyError(f"unknown actor: {actor}")
    norms = {nm.ascii_norm(n) for n in names}
    with engine.begin() as conn:
        rows = conn.execute(select(actor_names).where(and_(actor_names.c.actor_id == a,
                                                           actor_names.c.norm.in_(norms)))).all()
        if not rows:
            raise KeyError(f"actor {a} has none of the names {names}")
        type_ = conn.execute(select(actors.c.type).where(actors.c.id == a)).scalar()
        new = conn.execute(insert(actors).values(name=rows[0].name, type=type_, created_at=now())
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
            pin(conn, n, new, reason)
        conn.execute(insert(actor_separations).values(actor_id=a, other_actor_id=new, created_at=now()))
        conn.execute(insert(actor_merges).values(actor_id=new, name=rows[0].name, matched_name=None,
                                                 method="manual-split", score=None,
                                                 explanation=f"{reason}: split from actor {a}", created_at=now()))
        recount(conn, {a, new})
        refresh_display_name(conn, a)
        refresh_display_name(conn, new)
    return new
