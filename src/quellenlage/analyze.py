"""The Python API for analysis: articles in, `Analysis` objects (or per-document errors) out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from quellenlage.errors import IngestError
from quellenlage.model import Analysis, Article, InputError
from quellenlage.nlp.export import doc_to_analysis
from quellenlage.nlp.pipeline import load_pipeline, pipeline_versions, too_long

BATCH_SIZE = 8


def analyze_text(text: str, nlp: Language | None = None, **meta) -> Analysis:
    """Analyse one text; `meta` takes Article fields (source_path, title, date, outlet, url, language)."""
    article = Article(text=text, source_path=meta.pop("source_path", "<text>"), **meta)
    return analyze_article(article, nlp)


def analyze_article(article: Article, nlp: Language | None = None) -> Analysis:
    nlp = nlp or load_pipeline()
    problem = too_long(article.text, nlp)
    if problem:
        raise ValueError(f"{article.source_path}: {problem}")
    return doc_to_analysis(nlp(article.text), article, pipeline_versions(nlp))


def _flush(batch: list[Article], nlp: Language, versions: dict) -> Iterator[Analysis | InputError]:
    """Run a batch through nlp.pipe; if the batch fails, retry one by one so only the bad document fails."""
    try:
        docs = list(nlp.pipe([a.text for a in batch]))
    except Exception:
        docs = None
    for i, article in enumerate(batch):
        try:
            doc = docs[i] if docs is not None else nlp(article.text)
            yield doc_to_analysis(doc, article, versions)
        except Exception as e:  # a pipeline crash on one text must not end the batch
            yield InputError(article.source_path, f"analysis failed ({type(e).__name__}: {e})")


def analyze_articles(items: Iterable[Article | IngestError], nlp: Language | None = None,
                     batch_size: int = BATCH_SIZE) -> Iterator[Analysis | InputError]:
    """Analyse a stream of articles in order; ingest errors pass through as InputError records."""
    nlp = nlp or load_pipeline()
    versions = pipeline_versions(nlp)
    batch: list[Article] = []
    for item in items:
        if isinstance(item, IngestError):
            source, problem = item.source, item.reason
        else:
            source, problem = item.source_path, too_long(item.text, nlp)
        if problem:
            yield from _flush(batch, nlp, versions)
            batch = []
            yield InputError(source, problem)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _flush(batch, nlp, versions)
            batch = []
    yield from _flush(batch, nlp, versions)
