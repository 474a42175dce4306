"""Assemble the product pipeline from the trained parts and save it inside the package.

usage: python training/assemble.py [--morph DIR] [--ner DIR [DIR ...]] [--memory FILE] [--attribution DIR]
                                  [--out src/quellenlage/lang/de/model]
       python training/assemble.py --from-pipeline src/quellenlage/lang/de/model [--out DIR]

The second form rebuilds the pipeline around the trained components of an assembled one (morphologizer, word
classes, NER vote, entity memory, attribution tagger: weights copied unchanged), so that a change of the rule
components or of their settings needs no retraining.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quellenlage.nlp.entity_tagger import add_vote
from quellenlage.nlp.pipeline import ATTRIBUTION_FACTORIES, register_components
from quellenlage.nlp.special_cases import add_special_cases

VERSION = "0.4.0"
BATCH_SIZE = 8


# the rule components of the attribution layer, in pipeline order, after the role tagger
ATTRIBUTION_STAGES = ATTRIBUTION_FACTORIES[1:]


def base_pipeline() -> spacy.Language:
    """Tokenizer, sentences, morphology slot and the rule components before the NER."""
    register_components()
    # the LSTM pads a batch to its longest document: small batches keep peak memory low
    nlp = spacy.blank("de", config={"nlp": {"batch_size": BATCH_SIZE}})
    add_special_cases(nlp.tokenizer)
    nlp.add_pipe("quellenlage_sentences")
    return nlp


def add_role_tagger(nlp: spacy.Language, trained: spacy.Language, component: str = "attribution_tagger") -> None:
    """The trained attribution tagger (a spaCy `tagger`, or an assembled role tagger) as `quellenlage_role_tagger`:
    the same model and labels, writing its labels to doc._.attribution_roles instead of token.tag."""
    model = trained.config["components"][component]["model"]
    tagger = nlp.add_pipe("quellenlage_role_tagger", name="attribution_tagger", config={"model": model})
    tagger.from_bytes(trained.get_pipe(component).to_bytes(exclude=["vocab"]))


def add_attribution(nlp: spacy.Language, trained: spacy.Language) -> None:
    add_role_tagger(nlp, trained)
    for factory in ATTRIBUTION_STAGES:
        nlp.add_pipe(factory)


def finish(nlp: spacy.Language) -> spacy.Language:
    nlp.meta.update({"name": "quellenlage_de_core", "version": VERSION, "license": "CC BY-NC-SA 4.0",
                     "description": "German news pipeline of quellenlage: sentences, morphology (mood), lemmas, "
                                    "NER, attribution. Trained on UD German, GermEval 2014 (with self-training on "
                                    "unlabelled news) and SpkAtt-2023 (see MODELS.md)."})
    return nlp


def assemble(morph: str, ner: str | list[str], attribution: str | None, memory: str | None = None) -> spacy.Language:
    """The product pipeline from trained parts: `ner` is one NER pipeline, or entity-tagger pipelines to vote."""
    nlp = base_pipeline()
    nlp.add_pipe("morphologizer", source=spacy.load(morph))
    nlp.add_pipe("quellenlage_mood")
    nlp.add_pipe("quellenlage_lemmatizer")
    ner_pipelines = [spacy.load(path) for path in ([ner] if isinstance(ner, str) else ner)]
    # the NER reads the word class (HanTa lexicon, place names) that its own training pipeline set
    nlp.add_pipe("quellenlage_word_class", source=ner_pipelines[0])
    if "entity_tagger" in ner_pipelines[0].pipe_names:  # BILUO taggers: one component decodes their mean
        add_vote(nlp, ner_pipelines, name="ner")
    else:  # one transition-based NER
        nlp.add_pipe("ner", source=ner_pipelines[0])
    if memory:  # names of the gold sentences, where the NER found nothing (training/entity_memory.py)
        nlp.add_pipe("quellenlage_entity_memory").initialize(path=memory)
    if attribution:
        add_attribution(nlp, spacy.load(attribution))
    return finish(nlp)


def reassemble(pipeline: str) -> spacy.Language:
    """The product pipeline around the trained components of an assembled pipeline (weights unchanged)."""
    register_components()
    # only the trained parts are needed: rule components (also ones of older versions) are built anew
    components = spacy.util.load_config(Path(pipeline) / "config.cfg")["components"]
    rules = [name for name, c in components.items() if c["factory"] in ("quellenlage_attribution",) + ATTRIBUTION_STAGES]
    old = spacy.load(pipeline, exclude=rules)
    nlp = base_pipeline()
    for name in ("morphologizer", "quellenlage_mood", "quellenlage_lemmatizer", "quellenlage_word_class", "ner",
                 "quellenlage_entity_memory"):
        if name in old.pipe_names:
            nlp.add_pipe(name, source=old)
    if "attribution_tagger" in old.pipe_names:
        add_attribution(nlp, old)
    return finish(nlp)


def save(nlp: spacy.Language, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"saved {nlp.pipe_names} to {out} ({size / 1e6:.1f} MB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--morph", default="training/output/morph/model-best")
    # trained on train + dev for a fixed number of steps (train.sh): its dev score no longer selects a model
    ap.add_argument("--ner", nargs="+", default=[f"training/output/entity-tagger-s{seed}/model-last" for seed in (0, 1, 2, 3)],
                    help="one transition-based NER, or entity taggers whose vote becomes the NER")
    ap.add_argument("--memory", default="training/output/entity_memory.jsonl")
    ap.add_argument("--attribution", default="training/output/attribution/model-best")
    ap.add_argument("--out", default="src/quellenlage/lang/de/model")
    ap.add_argument("--from-pipeline", default=None,
                    help="rebuild around the trained components of this assembled pipeline instead")
    a = ap.parse_args()
    if a.from_pipeline:
        nlp = reassemble(a.from_pipeline)
    else:
        nlp = assemble(a.morph, a.ner, a.attribution if Path(a.attribution).exists() else None,
                       a.memory if Path(a.memory).exists() else None)
    save(nlp, Path(a.out))


if __name__ == "__main__":
    main()
