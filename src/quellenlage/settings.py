"""Settings in one place: input limits, batch sizes, default paths, environment variables and server limits.

One `Settings` object, in the manner of trafilatura's `Extractor`: built once (from the defaults here, the
environment and command-line flags) and passed down, so no module keeps its own copy of a limit. Importing this
module is cheap (standard library only): the pipeline, the knowledge base, the server and the CLI all read it.

    from quellenlage.settings import DEFAULTS, Settings
    DEFAULTS.max_bytes                     # 5_000_000
    Settings.from_env(max_body_bytes=2_000_000).db   # $QUELLENLAGE_DB, else "quellenlage.sqlite"
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

# Environment variables the product reads (and nothing else does).
ENV_DB = "QUELLENLAGE_DB"          # default knowledge base for every command and the server
ENV_TOKEN = "QUELLENLAGE_TOKEN"    # the server's write token (`serve --token`)
ENV_LOG = "QL_LOG"                 # the server's log level (uvicorn: critical, error, warning, info, debug)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every limit and default of quellenlage; frozen, so one object can be shared by threads and processes.

    Raises ValueError (naming the setting) when a size, count or time is not positive.
    """

    # --- inputs: what one file or one document may hold
    max_bytes: int = 5_000_000       # bytes of decoded text in one input file (raw HTML may be 4x larger)
    max_chars: int = 1_000_000       # characters of one document the pipeline analyses (memory grows with it)

    # --- analysis: batching
    batch_size: int = 8              # documents per nlp.pipe batch, and per worker task of `ingest`

    # --- knowledge base
    db: str = "quellenlage.sqlite"   # a SQLite file path or a postgresql:// URL

    # --- server (`quellenlage serve`)
    host: str = "127.0.0.1"          # loopback only unless the user says otherwise
    port: int = 8000
    token: str | None = None         # write endpoints are off without it
    max_body_bytes: int = 4_000_000  # request bodies over this are refused (413) before any handler reads them
    analysis_workers: int = 1        # processes that analyse posted articles (each holds one pipeline)
    analysis_timeout_s: float = 60.0  # one analysis past this is stopped and answered 503
    analysis_queue: int = 8          # requests that may wait for a free worker; more are answered 503 at once
    max_page: int = 500              # most items one API page may ask for
    max_offset: int = 1_000_000_000  # larger paging offsets are refused (422), never sent to the database
    aggregate_ttl_s: float = 60.0    # whole-KB aggregates (graph, counts, actor ranking) are cached this long
    log_level: str = "info"

    def __post_init__(self):
        for name in ("max_bytes", "max_chars", "batch_size", "port", "max_body_bytes", "analysis_workers",
                     "analysis_timeout_s", "max_page", "max_offset"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"setting {name} must be a positive number, not {value!r}")
        if not isinstance(self.db, str) or not self.db.strip():
            raise ValueError(f"setting db must be a non-empty path or URL, not {self.db!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """The defaults, then the environment ($QUELLENLAGE_DB, $QUELLENLAGE_TOKEN, $QL_LOG), then `overrides`
        (a value of None in `overrides` means "not given" and changes nothing)."""
        env = os.environ if environ is None else environ
        values = {"db": env.get(ENV_DB) or None, "token": env.get(ENV_TOKEN) or None,
                  "log_level": env.get(ENV_LOG) or None}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return DEFAULTS.replace(**values)

    def replace(self, **changes) -> Settings:
        """A copy with these settings changed; None values are ignored (a flag that was not given)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULTS = Settings()


def default_db(db: str | None = None) -> str:
    """The knowledge base to open: `db` if given, else $QUELLENLAGE_DB, else ./quellenlage.sqlite."""
    return db or os.environ.get(ENV_DB) or DEFAULTS.db
