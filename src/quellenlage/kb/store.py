"""The knowledge base's public face: `KnowledgeBase`, one object over the rooms that do the work.

- `db.py`        connection set-up (URL, SQLite pragmas, migrations, clear errors)
- `write.py`     the write path: one analysed document, one transaction; ingest runs and failures
- `resolve.py`   cross-document actor resolution (with `names.py`)
- `claims.py`    message embeddings, claim grouping and status
- `queries.py`   typed rows for the CLI, the exports and the web API
- `curation.py`  manual merge and split

SQLite (default, `./quellenlage.sqlite`) and PostgreSQL (`postgresql://…`) share this code and the schema in
`schema.py`. All query methods return plain JSON-ready dicts and lists: the shapes documented in docs/kb.md.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from quellenlage.kb import claims as cl
from quellenlage.kb import curation, queries, write
from quellenlage.kb.db import KnowledgeBaseError, NoKnowledgeBase, db_url, open_engine  # noqa: F401 (re-exported)
from quellenlage.kb.resolve import effective_actors  # noqa: F401 (re-exported)
from quellenlage.kb.schema import revisions
from quellenlage.kb.write import AddResult
from quellenlage.model import Analysis
from quellenlage.settings import DEFAULTS

DEFAULT_DB = DEFAULTS.db


class KnowledgeBase:
    """A knowledge base in SQLite or PostgreSQL. Thread-unsafe by design: one writer per process.

    `create=False` opens only an existing knowledge base (reading commands never create one): a missing SQLite
    file raises `NoKnowledgeBase`; a folder, a file that is not SQLite or an unreachable server raise
    `KnowledgeBaseError`.

    Example:
        kb = KnowledgeBase("quellenlage.sqlite")
        kb.add(analysis)                    # one transaction
        kb.actors(); kb.actor("Kozak"); kb.claims(about="Kozak", status="corroborated")
    """

    def __init__(self, db: str | None = None, encoder: str = "auto", create: bool = True):
        self.url = db_url(db)
        self.engine: Engine = open_engine(db, create=create)
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

    def _read(self, fn, *args, **kwargs):
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    # ------------------------------------------------------------------ writing
    def has_revision(self, content_id: str) -> bool:
        """True if this exact text is stored already (re-ingest skips it without analysing)."""
        with self.engine.connect() as conn:
            return conn.execute(select(revisions.c.id).where(revisions.c.id == content_id)).first() is not None

    def stored_revision_ids(self) -> set[str]:
        """Content hashes of every stored text (what `ingest` skips)."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(revisions.c.id))}

    def add(self, analysis: Analysis, vectors: dict[str, bytes] | None = None) -> AddResult:
        """Store one analysed document in its own transaction: document, revision, actors, attributions, claims.

        Same text again: nothing changes ("unchanged"). Same url/path with other text: a new revision that
        becomes current. `vectors` are message embeddings from `claims.embed_analysis` (computed here if None).
        """
        if vectors is None:
            vectors = cl.embed_analysis(analysis, self.encoder)
        return write.add(self.engine, analysis, vectors)

    def start_run(self, inputs: list[str]) -> int:
        """Open an `ingest_runs` row; failures of this run point to it."""
        return write.start_run(self.engine, inputs)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        """Close the run with its counts (a run killed before this stays open, which is how it shows)."""
        write.finish_run(self.engine, run_id, counts)

    def record_failure(self, run_id: int | None, source_path: str, error: str) -> None:
        """A document that could not be read, analysed or stored; the batch goes on."""
        write.record_failure(self.engine, run_id, source_path, error)

    # ------------------------------------------------------------------ manual curation
    def merge(self, keep: str | int, other: str | int, reason: str = "manual merge") -> int:
        """Merge actor `other` into `keep`; its names are pinned to `keep` so re-ingest keeps the merge.
        Raises KeyError naming an unknown actor."""
        return curation.merge(self.engine, keep, other, reason)

    def split(self, actor: str | int, names: list[str], reason: str = "manual split") -> int:
        """Move the given surface names (and the documents that used them) of `actor` into a new actor; its id.
        Raises KeyError for an unknown actor or names it does not have."""
        return curation.split(self.engine, actor, names, reason)

    # ------------------------------------------------------------------ queries (shapes: queries.py)
    def find_actor(self, name_or_id: str | int) -> int | None:
        """An actor id from an id, an exact (transliterated) name, or the name matcher; None if unknown."""
        return self._read(queries.find_actor, name_or_id)

    def documents(self, limit: int = 100, offset: int = 0) -> list[queries.DocumentRow]:
        """Current revisions, newest document first."""
        return self._read(queries.documents, limit, offset)

    def document(self, doc_id: int | str) -> dict | None:
        """One document with every revision; `analysis` is the current quellenlage/1 JSON."""
        return self._read(queries.document, doc_id)

    def actors(self, limit: int = 100, offset: int = 0, type: str | None = None,
               q: str | None = None) -> list[queries.ActorRow]:
        """Actors by number of documents: [{id, name, type, names, documents}]."""
        return self._read(queries.actors, limit, offset, type, q)

    def actor(self, name_or_id: str | int, limit: int = 50) -> dict | None:
        """Everything about one actor: names, merges (with explanations), what they said, what was said about them."""
        return self._read(queries.actor, name_or_id, limit)

    def claim(self, claim_id: int | str, reports_limit: int = 500) -> dict | None:
        """One claim with every current report and its actors; None if unknown."""
        return self._read(queries.claim, claim_id, reports_limit)

    def claims(self, about: str | None = None, status: str | None = None, limit: int = 100, offset: int = 0,
               reports_per_claim: int = 50) -> list[queries.ClaimRow]:
        """[{id, summary, status, origins, reports: [{document_id, source_path, outlet, attribution_id, text, …}]}]."""
        return self._read(queries.claims, about, status, limit, offset, reports_per_claim)

    def sources(self, limit: int = 500) -> list[queries.SourceRow]:
        """Who cites whom: [{citing, cited, source_type, reports}] over current revisions."""
        return self._read(queries.sources, limit)

    def stats(self) -> dict:
        """Counts of everything stored, the database (password hidden) and the claim encoder in use."""
        out = self._read(queries.counts)
        out["database"] = self.engine.url.render_as_string(hide_password=True)
        out["claim_encoder"] = cl.encoder_name(self._encoder_kind)
        return out

    def failures(self, run_id: int | None = None) -> list[dict]:
        """[{id, run_id, source_path, error, created_at}]."""
        return self._read(queries.failures, run_id)
