"""English UPOS, morphology and lemma accuracy on our held-out GUM documents and UD English-EWT sentences.

Held out (training/en/prepare.py): GUM's test documents (less Reddit) and 10 % of the EWT dev+test documents.
Scored on the gold tokens (the tokenizer's differences are left out: spaCy's English rules split "etc." and "1."
where UD does not), so the figure is the tagger's and the lemmatizer's, not the tokenizer's.

usage: python bench/pos_eval_en.py [--split heldout|dev] [--model DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None)
    ap.add_argument("--split", choices=("heldout", "dev"), default="heldout")
    ap.add_argument("--corpus", default=str(ROOT / "training" / "corpus" / "en"),
                    help="the DocBins of training/en/prepare.py")
    a = ap.parse_args()
    from spacy.tokens import Doc, DocBin

    from quellenlage.lang import language_pack
    from quellenlage.nlp.pipeline import load_pipeline

    nlp = load_pipeline(a.model) if a.model else load_pipeline(str(language_pack("en").model_dir))
    steps = [(name, proc) for name, proc in nlp.pipeline if name in ("morphologizer", "lemma_exceptions", "lemmatizer")]
    for corpus in ("gum", "ewt"):
        gold = list(DocBin().from_disk(Path(a.corpus) / f"{corpus}-{a.split}.spacy").get_docs(nlp.vocab))
        n = pos = morph = lemma = 0
        for g in gold:
            doc = Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g])
            for _, proc in steps:
                doc = proc(doc)
            for p, t in zip(doc, g):
                n += 1
                pos += p.pos_ == t.pos_
                morph += str(p.morph) == str(t.morph)
                lemma += p.lemma_ == t.lemma_
        print(f"{corpus.upper():4} {a.split}: {n} tokens, UPOS {pos / n:.3f}, morphology {morph / n:.3f}, "
              f"lemma {lemma / n:.3f}")


if __name__ == "__main__":
    main()
