"""The Python API for analysis: articles in, `Analysis` objects (or per-document errors) out.

Thin wrappers over the default extractor (quellenlage.extract); `nlp` pins one pipeline for every document
(tests, benchmarks), otherwise each document's language picks its pack.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language

from quellenlage.errors import IngestError
from quellenlage.extract import DocumentFailed, SpacyExtractor, analyze_one
from quellenlage.model import Analysis, Article, InputError
from quellenlage.nlp.pipeline import pipeline_versions
from quellenlage.settings import DEFAULTS


def analyze_text(text: str, nlp: Language | None = None, **meta) -> Analysis:
    """Analyse one text; `meta` takes Article fields (source_path, title, date, outlet, url, language)."""
    article = Article(text=text, source_path=meta.pop("source_path", "<text>"), **meta)
    return analyze_article(article, nlp)


def analyze_article(article: Article, nlp: Language | None = None) -> Analysis:
    """Analyse one article; raises ValueError naming the article when it cannot be analysed (too long)."""
    try:
        return analyze_one(_PinnedExtractor(nlp) if nlp is not None else SpacyExtractor(), article)
    except DocumentFailed as e:
        raise ValueError(f"{article.source_path}: {e}") from None


def analyze_articles(items: Iterable[Article | IngestError], nlp: Language | None = None,
                     batch_size: int = DEFAULTS.batch_size) -> Iterator[Analysis | InputError]:
    """Analyse a stream of articles in order; ingest errors pass through as InputError records."""
    settings = replace(DEFAULTS, batch_size=batch_size)
    extractor = _PinnedExtractor(nlp, settings) if nlp is not None else SpacyExtractor(settings)
    return extractor(items)


class _PinnedExtractor(SpacyExtractor):
    """The default extractor with one given pipeline for every document (not picklable: in-process use)."""

    def __init__(self, nlp: Language, settings=DEFAULTS):
        super().__init__(settings)
        object.__setattr__(self, "nlp", nlp)

    def pipeline(self, language):
        return self.nlp, {**pipeline_versions(self.nlp), "extractor": self.name}, None
