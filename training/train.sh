#!/usr/bin/env bash
# Rebuild every bundled model from ../shared/data, then assemble the product pipeline into
# src/quellenlage/lang/de/model. Fixed seeds ([system] seed = 0 in each config, SEED in prepare.py).
# Measured on the 2-core development machine (no GPU): about 3 hours in all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared/data}
CODE=src/quellenlage/nlp/architectures.py
# one BLAS thread per process: next to another run on this 2-core machine, 200 NER steps took 47 s this way and 86 s
# with the default of one thread per core
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
$PY training/prepare.py --shared "$SHARED"
$PY training/cue_lexicon.py
$PY training/word_classes.py --shared "$SHARED"
$PY training/place_names.py  # needs the word classes
# 1. morphology (UPOS + UD features incl. Mood) on UD German GSD + PUD
$PY -m spacy train training/configs/morph.cfg --output training/output/morph --code $CODE
# 2. NER on GermEval 2014 (needs the morphologizer for its POS feature), self-trained in three rounds; a vote of
#    models (a span counts where two agree) labels unlabelled news (training/silver.py), and the next models learn
#    from the gold sentences (three copies) plus these silver ones:
#    a. on the 4,700 train sentences, each run stopping early on the 500 dev sentences, which picks each stage's
#       number of steps: three teachers (seeds 0, 1, 2); round 1, three students of the teachers' vote; round 2,
#       one student of the round-1 students' vote; round 3, four BILUO entity taggers (entity_tagger.cfg, seeds
#       0-3) of the vote of those four students, whose mean becomes the shipped NER (nlp/entity_tagger.py)
#    b. the same on train + dev (5,200 sentences) for the shipped model, each stage for the steps its dev run picked
O=training/output
C=training/corpus
train_ner() {  # OUTPUT CORPUS SEED [spacy train options]: one NER run (config $NER_CONFIG), its log next to it
    local out=$1 corpus=$2 seed=$3
    shift 3
    $PY -m spacy train "training/configs/${NER_CONFIG:-ner}.cfg" --output "$out" --code $CODE \
        --paths.train "$corpus" --system.seed "$seed" "$@" 2>&1 | tee "$out.log"
}
student_corpus() {  # DIR GOLD SILVER: a corpus folder spaCy reads whole, gold three times and the silver once
    rm -rf "$1" && mkdir -p "$1"
    for copy in 1 2 3; do ln -s "$(realpath "$2")" "$1/gold$copy.spacy"; done
    ln -s "$(realpath "$3")" "$1/silver.spacy"
}
DEV_RUN=(--training.max_steps 3000 --training.patience 1000)
TAGGER_DEV_RUN=(--training.max_steps 2000 --training.patience 700)
for seed in 0 1 2; do train_ner $O/ner-teacher-dev-s$seed $C/ner-train.spacy $seed; done
TEACHER_STEPS=$($PY training/best_step.py $O/ner-teacher-dev-s0.log)
$PY training/silver.py --ner $O/ner-teacher-dev-s{0,1,2}/model-best --out $C/ner-silver1-dev.spacy
student_corpus $C/ner-student1-dev $C/ner-train.spacy $C/ner-silver1-dev.spacy
for seed in 0 1 2; do train_ner $O/ner-student1-dev-s$seed $C/ner-student1-dev $seed "${DEV_RUN[@]}"; done
STUDENT1_STEPS=$($PY training/best_step.py $O/ner-student1-dev-s0.log)
$PY training/silver.py --ner $O/ner-student1-dev-s{0,1,2}/model-best --out $C/ner-silver2-dev.spacy
student_corpus $C/ner-student2-dev $C/ner-train.spacy $C/ner-silver2-dev.spacy
train_ner $O/ner-student2-dev $C/ner-student2-dev 0 "${DEV_RUN[@]}"
STUDENT2_STEPS=$($PY training/best_step.py $O/ner-student2-dev.log)
$PY training/silver.py --ner $O/ner-student1-dev-s{0,1,2}/model-best $O/ner-student2-dev/model-best \
    --out $C/ner-silver3-dev.spacy
student_corpus $C/ner-student3-dev $C/ner-train.spacy $C/ner-silver3-dev.spacy
for seed in 0 1 2 3; do
    NER_CONFIG=entity_tagger train_ner $O/entity-tagger-dev-s$seed $C/ner-student3-dev $seed "${TAGGER_DEV_RUN[@]}"
done
TAGGER_STEPS=$($PY training/best_step.py $O/entity-tagger-dev-s0.log)
FIXED=(--training.patience 0 --training.max_steps)
for seed in 0 1 2; do train_ner $O/ner-teacher-s$seed $C/ner-train-dev.spacy $seed "${FIXED[@]}" "$TEACHER_STEPS"; done
$PY training/silver.py --ner $O/ner-teacher-s{0,1,2}/model-last --out $C/ner-silver1.spacy
student_corpus $C/ner-student1 $C/ner-train-dev.spacy $C/ner-silver1.spacy
for seed in 0 1 2; do train_ner $O/ner-student1-s$seed $C/ner-student1 $seed "${FIXED[@]}" "$STUDENT1_STEPS"; done
$PY training/silver.py --ner $O/ner-student1-s{0,1,2}/model-last --out $C/ner-silver2.spacy
student_corpus $C/ner-student2 $C/ner-train-dev.spacy $C/ner-silver2.spacy
train_ner $O/ner-student2 $C/ner-student2 0 "${FIXED[@]}" "$STUDENT2_STEPS"
$PY training/silver.py --ner $O/ner-student1-s{0,1,2}/model-last $O/ner-student2/model-last --out $C/ner-silver3.spacy
student_corpus $C/ner-student3 $C/ner-train-dev.spacy $C/ner-silver3.spacy
for seed in 0 1 2 3; do
    NER_CONFIG=entity_tagger train_ner $O/entity-tagger-s$seed $C/ner-student3 $seed "${FIXED[@]}" "$TAGGER_STEPS"
done
# names the gold sentences mark consistently, added after the NER where it found nothing
$PY training/entity_memory.py
# 3. attribution tagger on SpkAtt-2023 news (600 articles; 100 held out for bench/spkatt_eval.py)
$PY -m spacy train training/configs/attribution.cfg --output training/output/attribution --code $CODE
$PY training/assemble.py
