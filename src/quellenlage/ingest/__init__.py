"""Turn files, folders, stdin, HTML and JSON records into `Article`s, or clear per-input errors."""
from quellenlage.ingest.reader import DEFAULT_MAX_BYTES, iter_articles

__all__ = ["iter_articles", "DEFAULT_MAX_BYTES"]
