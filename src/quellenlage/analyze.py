"""The Python API for analysis: articles in, `Analysis` objects (or per-document errors) out.

Each article is analysed by the pipeline of its language: the language its input names, or else the one
`quellenlage.lang.detect` finds among the languages that have a pack. A pipeline passed in explicitly (`nlp=`)
analyses every article.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from quellenlage.errors import IngestError
from quellenlage.lang.detect import PACK_LANGUAGES, detect_language
from quellenlage.model import Analysis, Article, InputError
from quellenlage.nlp.export import doc_to_analysis
from quellenlage.nlp.pipeline import load_pipeline, pipeline_versions, too_long

BATCH_SIZE = 8


def resolve_language(article: Article) -> str:
    """The pack language of an article, setting `article.language` when the input did not name one.

    A named language is read by its ISO 639-1 prefix ("en-US" → en); a language without a pack keeps its name in
    the document and is analysed by the pack the detector picks."""
    if article.language:
        code = article.language.strip().lower().replace("_", "-").split("-")[0]
        if code in PACK_LANGUAGES:
            article.language = code
            return code
        return detect_language(article.text)
    article.language = detect_language(article.text)
    return article.language


def pipeline_for(article: Article, nlp: Language | None) -> Language:
    return nlp or load_pipeline(language=resolve_language(article))


def analyze_text(text: str, nlp: Language | None = None, **meta) -> Analysis:
    """Analyse one text; `meta` takes Article fields (source_path, title, date, outlet, url, language)."""
    article = Article(text=text, source_path=meta.pop("source_path", "<text>"), **meta)
    return analyze_article(article, nlp)


def analyze_article(article: Article, nlp: Language | None = None) -> Analysis:
    if nlp is not None and not article.language:
        article.language = detect_language(article.text)
    nlp = pipeline_for(article, nlp)
    problem = too_long(article.text, nlp)
    if problem:
        raise ValueError(f"{article.source_path}: {problem}")
    return doc_to_analysis(nlp(article.text), article, pipeline_versions(nlp))


def _flush(batch: list[Article], nlp: Language) -> Iterator[Analysis | InputError]:
    """Run a batch through nlp.pipe; if the batch fails, retry one by one so only the bad document fails."""
    if not batch:
        return
    versions = pipeline_versions(nlp)
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
    """Analyse a stream of articles in order; ingest errors pass through as InputError records. A batch holds
    articles of one language: a change of language ends it."""
    fixed = nlp
    batch: list[Article] = []
    batch_nlp: Language | None = None
    for item in items:
        if isinstance(item, IngestError):
            yield from _flush(batch, batch_nlp)
            batch = []
            yield InputError(item.source, item.reason)
            continue
        try:
            if fixed is not None and not item.language:
                item.language = detect_language(item.text)
            item_nlp = pipeline_for(item, fixed)
        except Exception as e:  # a missing model of one language must not end the batch
            yield from _flush(batch, batch_nlp)
            batch = []
            yield InputError(item.source_path, f"no pipeline for language {item.language!r}: {e}")
            continue
        problem = too_long(item.text, item_nlp)
        if problem:
            yield from _flush(batch, batch_nlp)
            batch = []
            yield InputError(item.source_path, problem)
            continue
        if batch and item_nlp is not batch_nlp:
            yield from _flush(batch, batch_nlp)
            batch = []
        batch.append(item)
        batch_nlp = item_nlp
        if len(batch) >= batch_size:
            yield from _flush(batch, batch_nlp)
            batch = []
    yield from _flush(batch, batch_nlp)
