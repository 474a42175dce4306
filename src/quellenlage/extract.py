"""The extractor contract: articles in, analyses out. The CLI, the knowledge base's ingest and the server all take an
extractor, so a new way to analyse (another language, another model, an LLM-based extractor) plugs in once.

    extractor = get_extractor()                  # "quellenlage.spacy.v1": the bundled language packs
    for result in extractor(articles):           # one Analysis or InputError per input, in input order
        ...

An extractor is any picklable callable of this shape (`Extractor`): it yields an `InputError` for a document it
cannot analyse (too long, unreadable, a crash on that text) and goes on with the next; it raises a
`QuellenlageError` only when it cannot run at all (`ModelMissingError`). Register a new one under a versioned name,
as spaCy registers its functions:

    @extractors.register("mine.v1")
    def make_mine(settings: Settings) -> Extractor: ...

or from another package through the `quellenlage_extractors` entry point (catalogue).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import catalogue

from quellenlage.errors import IngestError, QuellenlageError
from quellenlage.model import Analysis, Article, InputError
from quellenlage.settings import DEFAULTS, Settings

DEFAULT_EXTRACTOR = "quellenlage.spacy.v1"
extractors = catalogue.create("quellenlage", "extractors", entry_points=True)


@runtime_checkable
class Extractor(Protocol):
    def __call__(self, items: Iterable[Article | IngestError]) -> Iterator[Analysis | InputError]:
        """One result per item, in order; an IngestError passes through as an InputError naming its input."""


class DocumentFailed(QuellenlageError):
    """The extractor could not analyse this one document (the message says why; it may hold internal detail)."""


@dataclass(frozen=True)
class SpacyExtractor:
    """The spaCy pipeline of each document's language pack (quellenlage.lang), batched as `nlp.pipe` likes.

    A document whose `language` has no pack goes through the fallback pack and gets a warning. `model` (a pipeline
    directory) analyses every document whatever its language. Holds no pipeline itself (pipelines are cached per
    process by `load_pipeline`), so it pickles into worker processes.
    """
    settings: Settings = DEFAULTS
    model: str | None = None
    name: str = field(default=DEFAULT_EXTRACTOR, compare=False)

    def pipeline(self, language: str | None):
        """(pipeline, pipeline block for the analysis, warning or None) for a document of this language."""
        from quellenlage.lang import pack_for
        from quellenlage.nlp.pipeline import load_pipeline, pipeline_versions

        if self.model:
            nlp, code, warning = load_pipeline(self.model, self.settings), None, None
        else:
            pack, warning = pack_for(language)
            nlp, code = load_pipeline(str(pack.model_dir), self.settings), pack.code
        block = {**pipeline_versions(nlp), "extractor": self.name}
        if code:
            block["language"] = code
        return nlp, block, warning

    def __call__(self, items: Iterable[Article | IngestError]) -> Iterator[Analysis | InputError]:
        batch: list[tuple[Article, tuple]] = []  # articles with their (pipeline, block, warning)
        for item in items:
            if isinstance(item, IngestError):
                yield from run_batch(batch)
                batch = []
                yield InputError(item.source, item.reason)
                continue
            if not item.language:  # the input names none: the detector picks among the packs' languages
                from quellenlage.lang.detect import detect_language

                item.language = detect_language(item.text)
            problem = too_long(item.text, self.settings.max_chars)
            target = None if problem else self.pipeline(item.language)
            if problem or (batch and target[0] is not batch[0][1][0]) or len(batch) >= self.settings.batch_size:
                yield from run_batch(batch)
                batch = []
            if problem:
                yield InputError(item.source_path, problem)
                continue
            batch.append((item, target))
        yield from run_batch(batch)


def too_long(text: str, max_chars: int) -> str | None:
    """The error for a text longer than one document may be, else None."""
    if len(text) <= max_chars:
        return None
    return (f"{len(text):,} characters in one document; the limit is {max_chars:,} (memory grows with the "
            "length of a single document): split the text into articles or sections")


def run_batch(batch: list[tuple[Article, tuple]]) -> Iterator[Analysis | InputError]:
    """Run articles that share a pipeline through `nlp.pipe`; if the batch fails, retry one by one so only the bad
    document fails. Each article carries its (pipeline, pipeline block, warning)."""
    if not batch:
        return
    from quellenlage.nlp.export import doc_to_analysis

    nlp = batch[0][1][0]
    try:
        docs = list(nlp.pipe([article.text for article, _ in batch]))
    except Exception:
        docs = None
    for i, (article, (_, block, warning)) in enumerate(batch):
        try:
            doc = docs[i] if docs is not None else nlp(article.text)
            analysis = doc_to_analysis(doc, article, block)
        except Exception as e:  # a pipeline crash on one text must not end the batch
            yield InputError(article.source_path, f"analysis failed ({type(e).__name__}: {e})")
            continue
        if warning:
            analysis.warnings.append(warning)
        yield analysis


@dataclass(frozen=True)
class FunctionExtractor:
    """An extractor made of a function of one article (a stand-in model, a remote service).

    The function may raise: a `QuellenlageError` stops the run (it cannot work at all), any other exception makes
    that document an InputError. `fn` must be a module-level function where the extractor goes to other processes.
    """
    fn: Callable[[Article], Analysis]
    name: str = "function"

    def __call__(self, items: Iterable[Article | IngestError]) -> Iterator[Analysis | InputError]:
        for item in items:
            if isinstance(item, IngestError):
                yield InputError(item.source, item.reason)
                continue
            try:
                yield self.fn(item)
            except QuellenlageError:
                raise
            except Exception as e:
                yield InputError(item.source_path, f"analysis failed ({type(e).__name__}: {e})")


@extractors.register(DEFAULT_EXTRACTOR)
def make_spacy_extractor(settings: Settings = DEFAULTS, model: str | None = None) -> SpacyExtractor:
    return SpacyExtractor(settings, model)


def get_extractor(name: str = DEFAULT_EXTRACTOR, settings: Settings = DEFAULTS, **config) -> Extractor:
    """The registered extractor `name`, built with the settings and its own config; KeyError-like
    catalogue.RegistryError naming the known ones for an unknown name."""
    return extractors.get(name)(settings=settings, **config)


def analyze_one(extractor: Extractor, article: Article) -> Analysis:
    """One article through an extractor; raises DocumentFailed when the extractor could not analyse it."""
    for result in extractor([article]):
        if isinstance(result, InputError):
            raise DocumentFailed(result.error)
        return result
    raise DocumentFailed(f"{article.source_path}: the extractor gave no result")
