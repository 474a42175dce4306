"""Load the bundled German pipeline. The product reads only files inside the package, never ../shared."""
from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

from quellenlage.errors import ModelMissingError

BATCH_SIZE = 8
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "de_core"


def register_components() -> None:
    """Import every module that defines a pipeline factory, so a saved config can name them."""
    from quellenlage.nlp import architectures, lemmas, mood, sentences, wordclass  # noqa: F401
    from quellenlage.attribution import components  # noqa: F401


@functools.lru_cache(maxsize=2)
def load_pipeline(path: str | None = None) -> Language:
    """The trained pipeline (cached per process); a clear error if the model files are missing."""
    register_components()
    model = Path(path) if path else MODEL_DIR
    if not (model / "config.cfg").exists():
        raise ModelMissingError(
            f"no trained pipeline at {model}; rebuild it with `bash training/train.sh` (see docs/training.md)")
    nlp = spacy.load(model)
    # the attribution tagger's LSTM pads each batch to its longest document: 1,000-document batches took
    # 13 GiB on the news benchmark, 8-document batches stay under 1 GiB
    nlp.batch_size = min(nlp.batch_size, BATCH_SIZE)
    return nlp


def pipeline_versions(nlp: Language) -> dict[str, str]:
    """What produced an analysis: model name/version and the component list, stored with every result."""
    meta = nlp.meta
    return {"model": f"{meta.get('name', 'unknown')}-{meta.get('version', '0')}",
            "components": ",".join(nlp.pipe_names), "spacy": spacy.__version__}
