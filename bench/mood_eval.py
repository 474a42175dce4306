"""Mood=Sub F1 on the held-out UD German sentences (training/corpus/ud-heldout.spacy, never trained on).

usage: python bench/mood_eval.py [--model DIR] [--no-rule]
Runs the product pipeline's tokens through the morphologizer (+ the Konjunktiv rule unless --no-rule) and
compares Mood=Sub with the gold UD annotation on every token that has gold features.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=None)
    ap.add_argument("--heldout", default=str(ROOT / "training/corpus/ud-heldout.spacy"))
    ap.add_argument("--no-rule", action="store_true")
    a = ap.parse_args()
    from quellenlage.nlp.pipeline import load_pipeline
    nlp = load_pipeline(a.model)
    gold_docs = list(DocBin().from_disk(a.heldout).get_docs(nlp.vocab))
    morph, mood = nlp.get_pipe("morphologizer"), nlp.get_pipe("quellenlage_mood")
    tp = fp = fn = 0
    pos_ok = n = 0
    for g in gold_docs:
        from spacy.tokens import Doc
        d = Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g])
        d = morph(d)
        if not a.no_rule:
            d = mood(d)
        for gt, pt in zip(g, d):
            if not str(gt.morph):
                continue  # no gold features for this token (some PUD tokens): unknown, not a negative
            gs, ps = "Sub" in gt.morph.get("Mood"), "Sub" in pt.morph.get("Mood")
            tp += gs and ps
            fp += ps and not gs
            fn += gs and not ps
            pos_ok += gt.pos_ == pt.pos_
            n += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"held-out UD sentences: {len(gold_docs)}, tokens: {n}, gold Mood=Sub: {tp + fn}")
    print(f"POS accuracy: {pos_ok / n:.3f}")
    print(f"Mood=Sub P={p:.3f} R={r:.3f} F1={f:.3f} ({'morphologizer only' if a.no_rule else 'with Konjunktiv rule'})")


if __name__ == "__main__":
    main()
