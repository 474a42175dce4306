"""Load the bundled German pipeline. The product reads only files inside the package, never ../shared."""
from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

from quellenlage.errors import ModelMissingError

BATCH_SIZE = 8
# One document's text, at most (an input file may hold many, up to --max-bytes). Memory grows by about 4 KB per
# character of one document (bench/long_document.py: 100,000 characters peak at 0.8 GiB, 800,000 at 3.6 GiB), so
# this keeps a single document within a laptop's memory; a news article is 2,000-50,000 characters.
MAX_CHARACTERS = 1_000_000
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "de_core"
# the bundled pipeline of each language pack
REBUILD = {"de": "training/train.sh", "en": "training/en/train.sh"}
MODEL_DIRS = {"de": MODEL_DIR, "en": Path(__file__).resolve().parent.parent / "models" / "en_core"}


def register_components() -> None:
    """Import every module that defines a pipeline factory, so a saved config can name them."""
    from quellenlage.nlp import architectures, entity_memory, lemmas, mood, sentences, wordclass  # noqa: F401
    from quellenlage.attribution import components, tagger  # noqa: F401
    from quellenlage.lang.en import attribution, names  # noqa: F401


@functools.lru_cache(maxsize=4)
def load_pipeline(path: str | None = None, language: str = "de") -> Language:
    """The trained pipeline of a language (or the one at `path`), cached per process; a clear error if the model
    files are missing."""
    register_components()
    model = Path(path) if path else MODEL_DIRS[language]
    if not (model / "config.cfg").exists():
        raise ModelMissingError(
            f"no trained pipeline at {model}; rebuild it with `bash {REBUILD.get(language, REBUILD['de'])}` "
            "(see docs/training.md)")
    nlp = spacy.load(model)
    # the attribution tagger's LSTM pads each batch to its longest document: 1,000-document batches took
    # 13 GiB on the news benchmark, 8-document batches stay under 1 GiB
    nlp.batch_size = min(nlp.batch_size, BATCH_SIZE)
    nlp.max_length = MAX_CHARACTERS
    return nlp


def too_long(text: str, nlp: Language) -> str | None:
    """The error for a text longer than one document may be, else None."""
    if len(text) <= nlp.max_length:
        return None
    return (f"{len(text):,} characters in one document; the limit is {nlp.max_length:,} (memory grows with the "
            "length of a single document): split the text into articles or sections")


def pipeline_versions(nlp: Language) -> dict[str, str]:
    """What produced an analysis: model name/version and the component list, stored with every result."""
    meta = nlp.meta
    return {"model": f"{meta.get('name', 'unknown')}-{meta.get('version', '0')}",
            "components": ",".join(nlp.pipe_names), "spacy": spacy.__version__}


# the attribution layer: the trained role tagger and the rule components after it (attribution/components.py)
ATTRIBUTION_FACTORIES = ("quellenlage_role_tagger", "quellenlage_attribution_linking", "quellenlage_attribution_frames",
                         "quellenlage_attribution_repair", "quellenlage_attribution_classify", "quellenlage_actors",
                         "quellenlage_attribution_scope")
# the English pack's attribution layer is one component (quellenlage.lang.en.attribution)
OTHER_ATTRIBUTION_FACTORIES = ("quellenlage_attribution_en",)


def attribution_components(nlp: Language) -> list[str]:
    """Names of the components that make the attribution layer (to run the foundation without them)."""
    factories = ATTRIBUTION_FACTORIES + OTHER_ATTRIBUTION_FACTORIES
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in factories]
