"""The server's analysis: each language's pipeline loaded on first use, one document at a time (2 cores, no
oversubscription)."""
from __future__ import annotations

import threading
from collections.abc import Callable

from quellenlage.model import Analysis, Article

AnalyzeFn = Callable[[Article], Analysis]


class Analyzer:
    """Wraps `analyze_article` with a lock: spaCy pipelines are not documented as thread-safe."""

    def __init__(self, fn: AnalyzeFn | None = None):
        self._fn = fn
        self._lock = threading.Lock()

    def __call__(self, article: Article) -> Analysis:
        with self._lock:
            if self._fn is None:
                from quellenlage.analyze import analyze_article

                self._fn = analyze_article  # the pipeline of the article's language (cached per process)
            return self._fn(article)
