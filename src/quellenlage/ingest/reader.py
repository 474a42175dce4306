"""Walk the inputs a user names and yield an Article or an IngestError for each document in them.

Errors are yielded, not raised, so one bad file never stops a batch.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from quellenlage.errors import IngestError
from quellenlage.ingest.decode import decode_bytes
from quellenlage.ingest.html import article_from_html, looks_like_html
from quellenlage.model import Article
from quellenlage.settings import DEFAULTS

DEFAULT_MAX_BYTES = DEFAULTS.max_bytes
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Raw HTML carries markup around the text; allow it this many times the text limit before refusing.
HTML_OVERHEAD = 4
RECORD_FIELDS = ("title", "url", "date", "outlet", "language")


def iter_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Expand folders recursively (sorted, hidden files skipped); '-' stands for stdin."""
    for item in inputs:
        if item != "-" and os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield item


def read_bytes(path: str, limit: int) -> bytes:
    """Read a file or stdin, refusing more than `limit` bytes without reading it all."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        if not os.path.exists(path):
            raise IngestError(path, "no such file or folder")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    if len(data) > limit:
        raise IngestError(path, f"too large (over {limit:,} bytes); raise --max-bytes to accept it")
    return data


def article_from_record(rec: object, source: str) -> Article:
    """A JSON record needs a non-empty string `text`; title, url, date, outlet, language are optional."""
    if not isinstance(rec, dict):
        raise IngestError(source, f"JSON record must be an object, got {type(rec).__name__}")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(source, "JSON record has no non-empty string field 'text'")
    extra = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in RECORD_FIELDS}
    return Article(text=text, source_path=source, **extra)


def iter_json_records(text: str, source: str, lines: bool) -> Iterator[Article | IngestError]:
    """JSON (one object or a list) or JSON Lines; a bad line is an error for that line only."""
    if lines:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{source}:{n}"
            try:
                yield article_from_record(json.loads(line), where)
            except json.JSONDecodeError as e:
                yield IngestError(where, f"malformed JSON ({e.msg} at column {e.colno})")
            except IngestError as e:
                yield e
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield IngestError(source, f"malformed JSON ({e.msg} at line {e.lineno} column {e.colno})")
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records):
        where = f"{source}[{i}]" if isinstance(data, list) else source
        try:
            yield article_from_record(rec, where)
        except IngestError as e:
            yield e


def iter_file_articles(path: str, max_bytes: int) -> Iterator[Article | IngestError]:
    """Every document in one file (JSON files may hold many)."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    raw_limit = max_bytes * HTML_OVERHEAD if suffix in HTML_SUFFIXES or path == "-" else max_bytes
    try:
        text, encoding = decode_bytes(read_bytes(path, raw_limit), path)
    except IngestError as e:
        yield e
        return
    except OSError as e:
        yield IngestError(path, f"cannot read ({e.strerror})")
        return
    stripped = text.lstrip()
    if suffix in JSONL_SUFFIXES or suffix in JSON_SUFFIXES or (path == "-" and stripped[:1] in "{["):
        is_lines = suffix in JSONL_SUFFIXES or (path == "-" and "\n{" in stripped.rstrip())
        for item in iter_json_records(text, path, lines=is_lines):
            if isinstance(item, Article):
                item.encoding = encoding
            yield item
        return
    try:
        if suffix in HTML_SUFFIXES or looks_like_html(text):
            article = article_from_html(text, path)
        else:
            article = Article(text=text, source_path=path)
        if len(article.text.encode("utf-8")) > max_bytes:
            raise IngestError(path, f"text too large (over {max_bytes:,} bytes); raise --max-bytes to accept it")
    except IngestError as e:
        yield e
        return
    article.encoding = encoding
    yield article


def iter_articles(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | IngestError]:
    """All documents under `inputs`, in a stable order, each an Article or an IngestError."""
    for path in iter_paths(inputs):
        yield from iter_file_articles(path, max_bytes)
