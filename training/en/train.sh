#!/usr/bin/env bash
# Rebuild the English pipeline (quellenlage_en_core) from ../shared/data/english and assemble it into
# src/quellenlage/lang/en/model. Fixed seeds ([system] seed = 0 in each config, SEED in prepare.py).
# Needs the train extra (spacy-lookups-data for the lemmatizer's tables). See docs/training.md for times.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared/data}
CODE=src/quellenlage/nlp/architectures.py
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
O=training/output/en
C=training/corpus/en
mkdir -p $O
$PY training/en/prepare.py --shared "$SHARED" --out $C
# corpus folders spaCy reads whole: GUM + EWT for POS and morphology
for part in train dev; do
    rm -rf $C/pos-$part && mkdir -p $C/pos-$part
    ln -s "$(realpath $C/gum-$part.spacy)" $C/pos-$part/gum.spacy
    ln -s "$(realpath $C/ewt-$part.spacy)" $C/pos-$part/ewt.spacy
done
# 1. POS + UD morphology on GUM (less its dev and test documents) + UD English-EWT dev/test (less 18 %)
$PY -m spacy train training/en/configs/morph.cfg --output $O/morph --code $CODE 2>&1 | tee $O/morph.log
# 2. NER: a BILUO entity tagger on the names of GUM's training documents, early stopping on GUM dev
$PY -m spacy train training/en/configs/entity_tagger.cfg --output $O/entity-tagger-s0 --code $CODE \
    --system.seed 0 2>&1 | tee $O/entity-tagger-s0.log
# 3. attribution tagger on PolNeAR train (800 articles; 40 more stop it early; PolNeAR dev is scored by
#    bench/polnear_eval.py, its test split is held out by the team lead)
$PY -m spacy train training/en/configs/attribution.cfg --output $O/attribution --code $CODE 2>&1 | tee $O/attribution.log
$PY training/en/assemble.py
