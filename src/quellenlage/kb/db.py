"""Connection set-up: a database URL from a path or URL, the engine (SQLite pragmas), the schema migrated.

SQLite (default, `./quellenlage.sqlite`) and PostgreSQL (`postgresql://…`) share one schema (`schema.py`);
SQLAlchemy Core hides the dialect. Opening never leaks a driver traceback: a missing file (when the caller may
not create one), a folder, a file that is not SQLite or an unreachable server is a `KnowledgeBaseError` naming it.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from quellenlage.errors import QuellenlageError
from quellenlage.kb.schema import migrate
from quellenlage.settings import default_db

# Integer ids in both databases are signed 64-bit: a bigger number can name no row (and would overflow the driver).
MAX_ID = 2**63 - 1


class KnowledgeBaseError(QuellenlageError):
    """The knowledge base cannot be opened or is not one (the message names the database)."""


class NoKnowledgeBase(KnowledgeBaseError):
    """No knowledge base at that place, and the caller only reads (reading never creates a database)."""


def db_url(db: str | None) -> str:
    """A plain path means a SQLite file; anything with '://' is an SQLAlchemy URL; None: $QUELLENLAGE_DB or default."""
    db = default_db(db)
    if "://" in db:
        for prefix in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we ship
            if db.startswith(prefix):
                return "postgresql+psycopg://" + db[len(prefix):]
        return db
    return f"sqlite:///{db}"


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for other databases and for in-memory SQLite)."""
    try:
        u = make_url(url)
    except ArgumentError:
        return None
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return u.database


def as_id(value: str | int) -> int | None:
    """An integer row id from user input, or None when it cannot be one (not digits, or beyond 64 bits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    n = int(text)
    return n if n <= MAX_ID else None


def now() -> str:
    """The time of a write, as stored: UTC, ISO 8601, whole seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers (Datasette, the web UI) do not block the writer
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_engine(db: str | None = None, create: bool = True) -> Engine:
    """The engine of a migrated knowledge base. With `create=False` a missing SQLite file is `NoKnowledgeBase`.

    Raises KnowledgeBaseError for a folder, a file that is not a SQLite database, a bad URL or a server that
    cannot be reached.
    """
    url = db_url(db)
    shown = default_db(db)
    path = sqlite_file(url)
    if path is not None:
        if os.path.isdir(path):
            raise KnowledgeBaseError(f"{path} is a folder, not a knowledge base file")
        if not create and not os.path.exists(path):
            raise NoKnowledgeBase(f"no knowledge base at {path}; build one with `quellenlage ingest`")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise KnowledgeBaseError(f"cannot create {path}: folder {folder} does not exist")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError, ValueError) as e:
        raise KnowledgeBaseError(f"cannot open the knowledge base {shown!r}: {e}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except DBAPIError as e:
        engine.dispose()
        reason = str(getattr(e, "orig", e)).strip().splitlines()[0] if str(getattr(e, "orig", e)).strip() else \
            type(e).__name__
        what = "not a quellenlage knowledge base" if path else "cannot open the knowledge base"
        raise KnowledgeBaseError(f"{what}: {engine.url.render_as_string(hide_password=True)} ({reason})") from None
    return engine
