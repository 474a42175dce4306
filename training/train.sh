#!/usr/bin/env bash
# Rebuild every bundled model from ../shared/data, then assemble the product pipeline into
# src/quellenlage/models/de_core. Fixed seeds ([system] seed = 0 in each config, SEED in prepare.py).
# Measured on the 2-core development machine (no GPU): about 60-90 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared/data}
CODE=src/quellenlage/nlp/architectures.py
$PY training/prepare.py --shared "$SHARED"
$PY training/cue_lexicon.py
# 1. morphology (UPOS + UD features incl. Mood) on UD German GSD + PUD
$PY -m spacy train training/configs/morph.cfg --output training/output/morph --code $CODE
# 2. NER on GermEval 2014 (needs the morphologizer for its POS/MORPH features)
$PY -m spacy train training/configs/ner.cfg --output training/output/ner --code $CODE
# 3. attribution tagger on SpkAtt-2023 news (600 articles; 100 held out for bench/spkatt_eval.py)
$PY -m spacy train training/configs/attribution.cfg --output training/output/attribution --code $CODE
$PY training/assemble.py
