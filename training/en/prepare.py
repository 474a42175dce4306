"""Convert the English corpora in ../shared/data/english into spaCy DocBins with fixed, documented splits.

- GUM (`gum/dep`, CoNLL-U with entities): GUM's own dev documents are our dev set, its test documents our held-out
  set; everything else (including the GENTLE genres) is training data. Reddit documents are left out (their words
  are underscores upstream). One Doc per paragraph (at most 12 sentences).
- UD English-EWT dev + test: POS, morphology and lemmas only (no entities); a seeded split of its documents,
  10 % held out and 8 % dev, the rest training.
- PolNeAR train + dev: the attribution tagger trains on PolNeAR train less 40 articles that stop it early;
  PolNeAR dev is only scored through the product (bench/polnear_eval.py). PolNeAR test is not here.

usage: python training/en/prepare.py [--shared ../shared/data] [--out training/corpus/en]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys

import spacy
from spacy.tokens import DocBin

sys.path.insert(0, os.path.dirname(__file__))
from conllu import paragraphs, read_conllu, to_doc  # noqa: E402
from polnear import articles, polnear_doc  # noqa: E402

SEED = 20261127
EWT_HELD_OUT, EWT_DEV = 0.1, 0.08
POLNEAR_STOP = 40  # training articles kept apart for the attribution tagger's early stopping


def write(docs, path):
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    words = sum(len(d) for d in docs)
    print(f"  {path}: {len(docs)} docs, {words} tokens", file=sys.stderr)


def gum_split(shared: str) -> dict[str, str]:
    """GUM document id -> 'dev' / 'heldout' from gum/splits.md (its dev and test lists); others 'train'."""
    split, section = {}, None
    for line in open(os.path.join(shared, "english", "gum", "splits.md"), encoding="utf-8"):
        m = re.match(r"## (\w+)", line)
        if m:
            section = {"dev": "dev", "test": "heldout"}.get(m.group(1))
            continue
        m = re.match(r"\s*\* (\S+)", line)
        if m and section:
            split[m.group(1)] = section
    return split


def prepare_gum(shared, out, nlp):
    split = gum_split(shared)
    parts = {"train": [], "dev": [], "heldout": []}
    folder = os.path.join(shared, "english", "gum", "dep")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".conllu") or name.startswith("GUM_reddit_"):
            continue
        for doc_id, sents in read_conllu(os.path.join(folder, name)):
            part = split.get(doc_id, "train")
            parts[part] += [to_doc(nlp.vocab, p, with_entities=True) for p in paragraphs(sents)]
    for part, docs in parts.items():
        write(docs, os.path.join(out, f"gum-{part}.spacy"))
    return parts


def prepare_ewt(shared, out, nlp):
    docs = []
    for name in ("en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"):
        for _, sents in read_conllu(os.path.join(shared, "english", "ud-ewt", name)):
            docs += [to_doc(nlp.vocab, p, with_entities=False) for p in paragraphs(sents)]
    docs_ids = list(range(len(docs)))
    random.Random(SEED).shuffle(docs_ids)
    n_held, n_dev = int(len(docs) * EWT_HELD_OUT), int(len(docs) * EWT_DEV)
    held, dev, train = docs_ids[:n_held], docs_ids[n_held:n_held + n_dev], docs_ids[n_held + n_dev:]
    for part, ids in (("train", train), ("dev", dev), ("heldout", held)):
        write([docs[i] for i in sorted(ids)], os.path.join(out, f"ewt-{part}.spacy"))


def prepare_polnear(shared, out, nlp):
    train = articles(os.path.join(shared, "english", "polnear", "train"))
    stop = set(random.Random(SEED).sample(range(len(train)), POLNEAR_STOP))  # seeded: every outlet, not the last
    docs = [polnear_doc(nlp, tp, ap) for _, tp, ap in train]
    write([d for i, d in enumerate(docs) if i not in stop], os.path.join(out, "polnear-train.spacy"))
    write([d for i, d in enumerate(docs) if i in stop], os.path.join(out, "polnear-stop.spacy"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--out", default="training/corpus/en")
    ap.add_argument("--only", choices=["gum", "ewt", "polnear"], action="append")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    nlp = spacy.blank("en")
    only = set(a.only or ["gum", "ewt", "polnear"])
    if "gum" in only:
        prepare_gum(a.shared, a.out, nlp)
    if "ewt" in only:
        prepare_ewt(a.shared, a.out, nlp)
    if "polnear" in only:
        prepare_polnear(a.shared, a.out, nlp)


if __name__ == "__main__":
    main()
