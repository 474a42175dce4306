"""English NER strict span F1 per type (PER/ORG/LOC/MISC) on our held-out GUM documents, through the pipeline.

Held out: GUM's own test documents (training/en/prepare.py, never trained or tuned on; Reddit documents have no
text upstream and are left out); `--split dev` scores GUM's dev documents, which early stopping and development
use. Gold names are GUM mentions with a proper-noun head, mapped from GUM's entity types by
training/en/conllu.py (GUM_LABEL: person PER, organization ORG, place LOC, event/object/abstract/substance/
animal/plant MISC; time and quantity are never names). Each paragraph is analysed as one text, and a predicted
entity must match a gold one's characters and label exactly.

usage: python bench/ner_eval_en.py [--split heldout|dev] [--model DIR] [--errors]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training" / "en"))

LABELS = ("PER", "ORG", "LOC", "MISC")


def gold_documents(shared: Path, split: str):
    """(text, {(start, end, label)}) per paragraph of the split's GUM documents."""
    import spacy
    from conllu import paragraphs, read_conllu, to_doc
    from prepare import gum_split

    nlp = spacy.blank("en")
    parts = gum_split(str(shared))
    folder = shared / "english" / "gum" / "dep"
    out = []
    for path in sorted(folder.glob("GUM_*.conllu")):
        if path.name.startswith("GUM_reddit_"):
            continue
        for doc_id, sents in read_conllu(str(path)):
            if parts.get(doc_id, "train") != split:
                continue
            for par in paragraphs(sents):
                doc = to_doc(nlp.vocab, par, with_entities=True)
                out.append((doc.text, {(e.start_char, e.end_char, e.label_) for e in doc.ents}))
    return out


def f1(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--split", choices=("heldout", "dev"), default="heldout")
    ap.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    a = ap.parse_args()
    from quellenlage.lang import language_pack
    from quellenlage.nlp.pipeline import load_pipeline

    nlp = load_pipeline(a.model) if a.model else load_pipeline(str(language_pack("en").model_dir))
    docs = gold_documents(Path(a.shared), a.split)
    counts = {lab: Counter() for lab in LABELS}
    t0, words = time.perf_counter(), 0
    keep = [p for p in nlp.pipe_names if p not in ("attribution_tagger", "quellenlage_attribution_en")]
    with nlp.select_pipes(enable=keep):
        for (text, gold), doc in zip(docs, nlp.pipe(t for t, _ in docs)):
            words += len(text.split())
            pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
            for lab, c in counts.items():
                g, p = {x for x in gold if x[2] == lab}, {x for x in pred if x[2] == lab}
                c["tp"] += len(g & p)
                c["fp"] += len(p - g)
                c["fn"] += len(g - p)
            if a.errors:
                for s, e, lab in sorted(gold - pred):
                    print(f"missed   {lab:4} {text[s:e]!r}")
                for s, e, lab in sorted(pred - gold):
                    print(f"spurious {lab:4} {text[s:e]!r}")
    for lab, c in counts.items():
        print("%-4s P=%.3f R=%.3f F1=%.3f (gold %d)" % ((lab,) + f1(c) + (c["tp"] + c["fn"],)))
    p, r, f = f1(sum(counts.values(), Counter()))
    print(f"English NER strict span F1={f:.3f} (P={p:.3f} R={r:.3f}) on {len(docs)} {a.split} GUM paragraphs, "
          f"{words / (time.perf_counter() - t0):.0f} words/s (without attribution)")


if __name__ == "__main__":
    main()
