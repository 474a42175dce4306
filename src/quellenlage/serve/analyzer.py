"""One shared pipeline for the server: loaded on first use, one document at a time (2 cores, no oversubscription)."""
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
                from quellenlage.nlp.pipeline import load_pipeline

                nlp = load_pipeline()
                self._fn = lambda a: analyze_article(a, nlp)
            return self._fn(article)
