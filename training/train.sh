#!/usr/bin/env bash
# Rebuild every bundled model from ../shared/data, then assemble the product pipeline into
# src/quellenlage/models/de_core. Fixed seeds ([system] seed = 0 in each config, SEED in prepare.py).
# Measured on the 2-core development machine (no GPU): about 90-120 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared/data}
CODE=src/quellenlage/nlp/architectures.py
$PY training/prepare.py --shared "$SHARED"
$PY training/cue_lexicon.py
$PY training/word_classes.py --shared "$SHARED"
# 1. morphology (UPOS + UD features incl. Mood) on UD German GSD + PUD
$PY -m spacy train training/configs/morph.cfg --output training/output/morph --code $CODE
# 2. NER on GermEval 2014 (needs the morphologizer for its POS feature): a first run stops early on the 500 dev
#    sentences and so picks the number of steps; the shipped model then trains on train + dev for that many steps
$PY -m spacy train training/configs/ner.cfg --output training/output/ner-dev --code $CODE 2>&1 | tee training/output/ner-dev.log
NER_STEPS=$($PY training/best_step.py training/output/ner-dev.log)
$PY -m spacy train training/configs/ner.cfg --output training/output/ner --code $CODE \
    --paths.train training/corpus/ner-train-dev.spacy --training.max_steps "$NER_STEPS" --training.patience 0
# 3. attribution tagger on SpkAtt-2023 news (600 articles; 100 held out for bench/spkatt_eval.py)
$PY -m spacy train training/configs/attribution.cfg --output training/output/attribution --code $CODE
$PY training/assemble.py
