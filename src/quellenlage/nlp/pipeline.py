"""Load a language pack's spaCy pipeline. The product reads only files inside the package, never ../shared."""
from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

from quellenlage.errors import ModelMissingError
from quellenlage.settings import DEFAULTS, Settings


def register_components() -> None:
    """Import every module that defines a pipeline factory, so a saved config can name them."""
    from quellenlage.nlp import architectures, entity_memory, lemmas, mood, sentences, wordclass  # noqa: F401
    from quellenlage.attribution import components, tagger  # noqa: F401
    from quellenlage.lang.en import attribution, names  # noqa: F401  (the English pack's components)


@functools.lru_cache(maxsize=4)
def load_pipeline(path: str | None = None, settings: Settings = DEFAULTS) -> Language:
    """A pipeline directory (default: the German pack's) loaded once per process; a clear error if it is missing.

    `settings.max_chars` bounds one document (memory grows by about 4 KB per character of one document:
    bench/long_document.py, 100,000 characters peak at 0.8 GiB, 800,000 at 3.6 GiB); `settings.batch_size` bounds
    a batch (the attribution tagger's LSTM pads each batch to its longest document: 1,000-document batches took
    13 GiB on the news benchmark, 8-document batches stay under 1 GiB).
    """
    from quellenlage.lang import FALLBACK, language_pack

    register_components()
    model = Path(path) if path else language_pack(FALLBACK).model_dir
    if not (model / "config.cfg").exists():
        raise ModelMissingError(
            f"no trained pipeline at {model}; rebuild it with `bash training/train.sh` (see docs/training.md)")
    nlp = spacy.load(model)
    nlp.batch_size = min(nlp.batch_size, settings.batch_size)
    nlp.max_length = settings.max_chars
    return nlp


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
