"""Assemble the product pipeline from the trained parts and save it inside the package.

usage: python training/assemble.py [--morph DIR] [--ner DIR [DIR ...]] [--memory FILE] [--attribution DIR]
                                  [--out src/quellenlage/models/de_core]
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
from quellenlage.nlp.pipeline import register_components
from quellenlage.nlp.special_cases import add_special_cases

VERSION = "0.4.0"
BATCH_SIZE = 8


def assemble(morph: str, ner: str | list[str], attribution: str | None, memory: str | None = None) -> spacy.Language:
    """The product pipeline from trained parts: `ner` is one NER pipeline, or entity-tagger pipelines to vote."""
    register_components()
    # the LSTM pads a batch to its longest document: small batches keep peak memory low
    nlp = spacy.blank("de", config={"nlp": {"batch_size": BATCH_SIZE}})
    add_special_cases(nlp.tokenizer)
    nlp.add_pipe("quellenlage_sentences")
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
        nlp.add_pipe("attribution_tagger", source=spacy.load(attribution))
        nlp.add_pipe("quellenlage_attribution")
    nlp.meta.update({"name": "quellenlage_de_core", "version": VERSION, "license": "CC BY-NC-SA 4.0",
                     "description": "German news pipeline of quellenlage: sentences, morphology (mood), lemmas, "
                                    "NER, attribution. Trained on UD German, GermEval 2014 (with self-training on "
                                    "unlabelled news) and SpkAtt-2023 (see MODELS.md)."})
    return nlp


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--morph", default="training/output/morph/model-best")
    # trained on train + dev for a fixed number of steps (train.sh): its dev score no longer selects a model
    ap.add_argument("--ner", nargs="+", default=[f"training/output/entity-tagger-s{seed}/model-last" for seed in (0, 1, 2, 3)],
                    help="one transition-based NER, or entity taggers whose vote becomes the NER")
    ap.add_argument("--memory", default="training/output/entity_memory.jsonl")
    ap.add_argument("--attribution", default="training/output/attribution/model-best")
    ap.add_argument("--out", default="src/quellenlage/models/de_core")
    a = ap.parse_args()
    nlp = assemble(a.morph, a.ner, a.attribution if Path(a.attribution).exists() else None,
                   a.memory if Path(a.memory).exists() else None)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"saved {nlp.pipe_names} to {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
