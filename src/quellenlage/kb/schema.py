"""The knowledge-base schema (one for SQLite and PostgreSQL) and its versioned migrations.

Table and column names are meant to be read by a person browsing the SQLite file in Datasette:
every foreign key is declared, and views join the tables into what a researcher asks for.
A migration is a numbered function; `migrate()` applies the missing ones, each in its own transaction,
and records them in `schema_migrations`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text, UniqueConstraint, inspect, text)
from sqlalchemy.engine import Connection, Engine

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    # url if the article has one, else its source path: what makes two texts versions of one article
    Column("key", Text, nullable=False, unique=True),
    Column("first_seen", Text, nullable=False),
)

revisions = Table(
    "revisions", metadata,
    Column("id", String(64), primary_key=True),  # content hash = Analysis.document.id
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("is_current", Boolean, nullable=False, default=True),
    Column("title", Text), Column("date", Text, index=True), Column("outlet", Text, index=True),
    Column("url", Text), Column("source_path", Text), Column("language", Text),
    Column("text", Text, nullable=False),
    Column("pipeline", Text),  # JSON: model and component versions that produced the analysis
    Column("analysis", Text),  # the full quellenlage/1 JSON, so nothing the pipeline said is lost
    Column("ingested_at", Text, nullable=False),
    UniqueConstraint("document_id", "number"),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    # documents (current revisions) mentioning the actor, kept up to date by every write (migration 3)
    Column("documents", Integer, nullable=False, server_default="0", index=True),
)

actor_names = Table(
    "actor_names", metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),   # surface form as seen ("Kozaks", "Дмитрий Козак")
    Column("norm", Text, nullable=False, index=True),   # normalised form used for look-up
    Column("key", Text, nullable=False, index=True),    # blocking key (surname stem / org key)
    Column("count", Integer, nullable=False, default=1),
    UniqueConstraint("actor_id", "name"),
)

actor_mentions = Table(
    "actor_mentions", metadata,  # one row per document-local actor, linked to the KB actor
    Column("id", Integer, primary_key=True),
    Column("revision_id", String(64), ForeignKey("revisions.id"), nullable=False, index=True),
    Column("local_id", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("roles", Text),     # JSON list
    Column("mentions", Text),  # JSON list of {start, end, text}
    UniqueConstraint("revision_id", "local_id"),
)

actor_merges = Table(
    "actor_merges", metadata,  # why each name joined an actor: the explanation of every merge
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("matched_name", Text),
    Column("method", Text, nullable=False),  # exact | name-match | surname-only | manual-merge | manual-split
    Column("score", Float),
    Column("explanation", Text, nullable=False),
    Column("revision_id", String(64), ForeignKey("revisions.id")),
    Column("created_at", Text, nullable=False),
)

actor_pins = Table(
    "actor_pins", metadata,  # manual decisions: this normalised name always resolves to this actor
    Column("norm", Text, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

actor_separations = Table(
    "actor_separations", metadata,  # record of a manual split (the split names are pinned in actor_pins)
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("other_actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("created_at", Text, nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("summary", Text, nullable=False),
    Column("status", Text, nullable=False, index=True),  # single-source | corroborated | contested
    Column("origins", Text),  # JSON list of independent origin names
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

attributions = Table(
    "attributions", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", String(64), ForeignKey("revisions.id"), nullable=False, index=True),
    Column("local_id", Text, nullable=False),
    Column("form", Text), Column("medium", Text), Column("epistemic", Text), Column("source_type", Text),
    Column("cue", Text), Column("source", Text), Column("message", Text), Column("addressee", Text),
    Column("spans", Text),  # JSON: every span with character offsets into revisions.text
    Column("source_actor_id", Integer, ForeignKey("actors.id"), index=True),
    Column("parent_id", Integer, ForeignKey("attributions.id")),
    Column("continues_id", Integer, ForeignKey("attributions.id")),
    Column("chain", Text),  # JSON: local ids from the outermost attribution down to this one
    Column("origin_name", Text),  # the independent origin this report rests on
    Column("origin_actor_id", Integer, ForeignKey("actors.id")),
    Column("is_derived", Boolean, nullable=False, default=False),  # cites another outlet
    Column("claim_id", Integer, ForeignKey("claims.id"), index=True),
    Column("vector", LargeBinary),  # message embedding (float32) used to group claims
    UniqueConstraint("revision_id", "local_id"),
)

attribution_about = Table(
    "attribution_about", metadata,  # actors mentioned inside a message: what was said about whom
    Column("attribution_id", Integer, ForeignKey("attributions.id"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Index("ix_attribution_about_actor", "actor_id"),
)

claim_actors = Table(
    "claim_actors", metadata,
    Column("claim_id", Integer, ForeignKey("claims.id"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("role", Text, primary_key=True),  # source | about
    Index("ix_claim_actors_actor", "actor_id"),
)

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", Text, nullable=False),
    Column("finished_at", Text),
    Column("inputs", Text),
    Column("stored", Integer, default=0), Column("unchanged", Integer, default=0),
    Column("revised", Integer, default=0), Column("failed", Integer, default=0),
)

ingest_failures = Table(
    "ingest_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), index=True),
    Column("source_path", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

V1_TABLES = [schema_migrations, documents, revisions, actors, actor_names, actor_mentions, actor_merges,
             actor_pins, actor_separations, claims, attributions, attribution_about, claim_actors,
             ingest_runs, ingest_failures]

# Views for Datasette and ad-hoc SQL; plain SQL that SQLite and PostgreSQL both accept.
VIEWS = {
    "current_revisions": """
        SELECT r.* FROM revisions r WHERE r.is_current""",
    "reports": """
        SELECT a.id AS attribution_id, a.claim_id, c.summary AS claim, c.status AS claim_status,
               r.document_id, r.id AS revision_id, r.source_path, r.outlet, r.date, a.cue, a.source,
               src.name AS source_actor, a.message, a.epistemic, a.form, a.origin_name, a.is_derived
        FROM attributions a
        JOIN revisions r ON r.id = a.revision_id AND r.is_current
        LEFT JOIN claims c ON c.id = a.claim_id
        LEFT JOIN actors src ON src.id = a.source_actor_id""",
    "actor_overview": """
        SELECT ac.id, ac.name, ac.type,
               (SELECT COUNT(DISTINCT r.document_id) FROM actor_mentions m
                  JOIN revisions r ON r.id = m.revision_id AND r.is_current WHERE m.actor_id = ac.id) AS documents,
               (SELECT COUNT(*) FROM actor_names n WHERE n.actor_id = ac.id) AS names
        FROM actors ac""",
    "source_edges": """
        SELECT COALESCE(r.outlet, r.source_path) AS citing, COALESCE(src.name, a.source) AS cited,
               a.source_type, COUNT(*) AS reports
        FROM attributions a
        JOIN revisions r ON r.id = a.revision_id AND r.is_current
        LEFT JOIN actors src ON src.id = a.source_actor_id
        WHERE a.source_type <> 'unattributed'
        GROUP BY COALESCE(r.outlet, r.source_path), COALESCE(src.name, a.source), a.source_type""",
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _m1_initial(conn: Connection) -> None:
    """Every table of schema version 1, with indexes and foreign keys."""
    metadata.create_all(conn, tables=V1_TABLES)


def _m2_views(conn: Connection) -> None:
    """The browsing views (Datasette)."""
    for name, sql in VIEWS.items():
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
        conn.execute(text(f"CREATE VIEW {name} AS {sql}"))


def _m3_actor_document_counts(conn: Connection) -> None:
    """actors.documents: a maintained count, so listing actors by frequency does not scan every mention."""
    if "documents" not in {c["name"] for c in inspect(conn).get_columns("actors")}:
        conn.execute(text("ALTER TABLE actors ADD COLUMN documents INTEGER NOT NULL DEFAULT 0"))
        conn.execute(text("CREATE INDEX ix_actors_documents ON actors (documents)"))
    conn.execute(text(RECOUNT_SQL))


def _m4_drop_attribution_confidence(conn: Connection) -> None:
    """attributions.confidence was never filled (the pipeline gives no confidence): dropped, not left NULL."""
    if "confidence" in {c["name"] for c in inspect(conn).get_columns("attributions")}:
        conn.execute(text("ALTER TABLE attributions DROP COLUMN confidence"))


RECOUNT_SQL = """
    UPDATE actors SET documents = (
        SELECT COUNT(DISTINCT r.document_id) FROM actor_mentions m
        JOIN revisions r ON r.id = m.revision_id AND r.is_current
        WHERE m.actor_id = actors.id)"""


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial tables", _m1_initial),
    (2, "browsing views", _m2_views),
    (3, "maintained actor document counts", _m3_actor_document_counts),
    (4, "drop the never-filled attributions.confidence", _m4_drop_attribution_confidence),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def applied_versions(engine: Engine) -> set[int]:
    if not inspect(engine).has_table("schema_migrations"):
        return set()
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(schema_migrations.select().with_only_columns(schema_migrations.c.version))}


def migrate(engine: Engine) -> list[int]:
    """Apply the missing migrations in order, each in one transaction; returns the versions applied."""
    done = applied_versions(engine)
    applied = []
    for version, name, fn in MIGRATIONS:
        if version in done:
            continue
        with engine.begin() as conn:
            fn(conn)
            conn.execute(schema_migrations.insert().values(version=version, name=name, applied_at=_now()))
        applied.append(version)
    return applied
