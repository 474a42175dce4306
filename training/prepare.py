"""Convert the public corpora in ../shared/data into spaCy DocBin files with fixed, documented splits.

Only training and evaluation read ../shared; the product never does.
usage: python training/prepare.py [--shared ../shared/data] [--out training/corpus]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import subprocess
import sys

import spacy
from spacy.tokens import Doc, DocBin

SEED = 20261127
HELD_OUT_SHARE = 0.1
# Early stopping and model selection use a dev slice of the training data, never the held-out set.
DEV_SHARE = 0.08
NER_DEV = 500


def write(docs, path):
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    print(f"  {path}: {len(docs)} docs", file=sys.stderr)


def split(items, share, seed=SEED):
    """Deterministic shuffle-split; the same seed gives the same held-out set on every machine."""
    items = list(items)
    random.Random(seed).shuffle(items)
    n = max(1, int(len(items) * share))
    return items[n:], items[:n]


# LIT has POS but no morphological features at all: training on it would teach "no Mood" for "wäre".
UD_FILES = ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu", "de_pud-ud-test.conllu")


def prepare_ud(shared, out, nlp):
    """UD German GSD dev+test and PUD, subtokens merged ("im" stays one token, as the tokenizer sees it)."""
    tmp = os.path.join(out, "ud-tmp")
    os.makedirs(tmp, exist_ok=True)
    docs = []
    for f in [os.path.join(shared, "ud-german", name) for name in UD_FILES]:
        subprocess.run([sys.executable, "-m", "spacy", "convert", f, tmp, "-T", "-n", "1", "-c", "conllu"],
                       check=True, capture_output=True)
        name = os.path.splitext(os.path.basename(f))[0] + ".spacy"
        docs.extend(DocBin().from_disk(os.path.join(tmp, name)).get_docs(nlp.vocab))
    train, held = split(docs, HELD_OUT_SHARE)
    train, dev = split(train, DEV_SHARE)
    write(train, os.path.join(out, "ud-train.spacy"))
    write(dev, os.path.join(out, "ud-dev.spacy"))
    write(held, os.path.join(out, "ud-heldout.spacy"))


GERMEVAL_LABEL = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}
GERMEVAL_HELD_OUT = 600


def read_10kgnad(shared) -> list[str]:
    """The texts of the 1,028 Der Standard articles in news-text/10kgnad-test.csv (`label;'text'` rows)."""
    import csv

    csv.field_size_limit(10_000_000)
    with open(os.path.join(shared, "news-text", "10kgnad-test.csv"), encoding="utf-8") as f:
        return [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) >= 2]


def read_germeval(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        cur.append((cols[1], cols[2]))
    if cur:
        sents.append(cur)
    return sents


def germeval_doc(vocab, sent):
    """Outer NER column only; -deriv/-part ("deutschen", "EU-weit") are not entities for us."""
    words = [w for w, _ in sent]
    ents = []
    for w, t in sent:
        kind = t[2:]
        if t == "O" or kind not in GERMEVAL_LABEL:
            ents.append("O")
        else:
            ents.append(t[:2] + GERMEVAL_LABEL[kind])
    # an I- after O (because a -deriv B was dropped) must start a new entity
    for i, t in enumerate(ents):
        if t.startswith("I-") and (i == 0 or ents[i - 1] == "O" or ents[i - 1][2:] != t[2:]):
            ents[i] = "B-" + t[2:]
    return Doc(vocab, words=words, ents=ents)


def prepare_germeval(shared, out, nlp):
    """GermEval dev + test part 1; the last 600 sentences are our held-out set (as in the issue's trial)."""
    sents = []
    for name in ("NER-de-dev.tsv", "NER-de-test-part1.tsv"):
        sents.extend(read_germeval(os.path.join(shared, "germeval2014", name)))
    docs = [germeval_doc(nlp.vocab, s) for s in sents]
    write(docs[:-GERMEVAL_HELD_OUT - NER_DEV], os.path.join(out, "ner-train.spacy"))
    write(docs[-GERMEVAL_HELD_OUT - NER_DEV:-GERMEVAL_HELD_OUT], os.path.join(out, "ner-dev.spacy"))
    write(docs[-GERMEVAL_HELD_OUT:], os.path.join(out, "ner-heldout.spacy"))
    # the final NER model trains on train + dev for the number of steps the dev run chose (training/train.sh)
    write(docs[:-GERMEVAL_HELD_OUT], os.path.join(out, "ner-train-dev.spacy"))


def spkatt_split(shared):
    """The SpkAtt news files, split by file name with a fixed seed: 100 held-out articles, the rest train."""
    files = sorted(glob.glob(os.path.join(shared, "spkatt-news", "train", "*.json")))
    train, held = split(files, 100 / len(files))
    return sorted(train), sorted(held)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--out", default="training/corpus")
    ap.add_argument("--only", choices=["ud", "ner", "spkatt"], action="append")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    nlp = spacy.blank("de")
    only = set(a.only or ["ud", "ner", "spkatt"])
    if "ud" in only:
        prepare_ud(a.shared, a.out, nlp)
    if "ner" in only:
        prepare_germeval(a.shared, a.out, nlp)
    if "spkatt" in only:
        train, held = spkatt_split(a.shared)
        with open(os.path.join(a.out, "spkatt-split.json"), "w") as f:
            json.dump({"train": train, "heldout": held}, f, indent=1)
        print(f"  spkatt: {len(train)} train, {len(held)} held-out files", file=sys.stderr)
        sys.path.insert(0, os.path.dirname(__file__))
        from spkatt import spkatt_doc
        train_docs = [spkatt_doc(nlp.vocab, f) for f in train]
        # a small dev slice of the training articles for the tagger's own early stopping; the held-out
        # articles are scored only by bench/spkatt_eval.py, through the product
        write(train_docs[:-40], os.path.join(a.out, "spkatt-train.spacy"))
        write(train_docs[-40:], os.path.join(a.out, "spkatt-dev.spacy"))


if __name__ == "__main__":
    main()
