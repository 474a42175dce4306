"""NER strict span F1 (PER/ORG/LOC/MISC) on our held-out GermEval 2014 sentences, through the product pipeline.

The held-out sentences are the last 600 of GermEval dev + test part 1 in ../shared/data (training/prepare.py
never trains on them, and model selection uses a separate dev slice). Sentences are joined into natural text
(100 per document), analysed like any article, and predicted entities must match gold character spans and labels
exactly. Gold -deriv/-part spans are not entities; a prediction exactly on one is ignored (as the team lead's
scorer does).

`--split dev` scores the 500 dev sentences that early stopping and development use instead; `--errors` lists every
miss and false alarm and counts them by kind (wrong label, wrong boundaries, missed, spurious); `--disable NAME`
scores the pipeline without one component (`--disable quellenlage_entity_memory`: the statistical NER alone);
`--paragraphs` puts a blank line between sentences instead of a space, as the team lead's scorer does.

usage: python bench/ner_eval.py [--shared ../shared/data] [--model DIR] [--split heldout|dev] [--errors]
                                [--disable COMPONENT] [--paragraphs]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from prepare import GERMEVAL_HELD_OUT, GERMEVAL_LABEL, NER_DEV, read_germeval
from spkatt import detokenize

PER_DOC = 100


def gold_spans(tags):
    """(start, end, label) token spans from an outer BIO column, including -deriv/-part labels."""
    out, start, lab = [], None, None
    for i, t in enumerate(tags + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != lab):
            if start is not None:
                out.append((start, i, lab))
                start, lab = None, None
            if t != "O":
                start, lab = i, t[2:]
    return out


def error_kinds(text, gold, pred, kinds, listed):
    """Sort the misses and false alarms of one document: a gold span found with another label, a span that
    overlaps a gold one with other boundaries, a gold span nothing touches (missed), a prediction that touches
    no gold span (spurious)."""
    def overlapping(x, spans):
        return [y for y in spans if y[0] < x[1] and x[0] < y[1]]
    for g in sorted(gold - pred):
        near = overlapping(g, pred)
        kind = ("label" if any(y[:2] == g[:2] for y in near) else "boundary" if near else "missed")
        kinds[f"{kind} {g[2]}"] += 1
        listed.append(f"{kind:8} gold {g[2]:4} {text[g[0]:g[1]]!r} predicted "
                      + ", ".join(f"{y[2]} {text[y[0]:y[1]]!r}" for y in near))
    for p in sorted(pred - gold):
        if not overlapping(p, gold):
            kinds[f"spurious {p[2]}"] += 1
            listed.append(f"spurious pred {p[2]:4} {text[p[0]:p[1]]!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--split", choices=("heldout", "dev"), default="heldout")
    ap.add_argument("--errors", action="store_true",
                    help="also count errors by kind (wrong label, wrong boundary, missed, spurious) and list them")
    ap.add_argument("--disable", action="append", default=[], metavar="COMPONENT",
                    help="run the pipeline without this component (repeatable)")
    ap.add_argument("--paragraphs", action="store_true",
                    help="a blank line between sentences instead of a space (as the team lead's scorer joins them)")
    a = ap.parse_args()
    sentence_break = "\n\n" if a.paragraphs else " "
    sents = []
    for name in ("NER-de-dev.tsv", "NER-de-test-part1.tsv"):
        sents.extend(read_germeval(str(Path(a.shared) / "germeval2014" / name)))
    held = sents[-GERMEVAL_HELD_OUT:] if a.split == "heldout" else sents[-GERMEVAL_HELD_OUT - NER_DEV:-GERMEVAL_HELD_OUT]
    from quellenlage.analyze import analyze_text
    from quellenlage.nlp.pipeline import load_pipeline
    nlp = load_pipeline(a.model)
    unknown = set(a.disable) - set(nlp.pipe_names)
    if unknown:
        ap.error(f"no component {', '.join(sorted(unknown))} in the pipeline; it has {', '.join(nlp.pipe_names)}")
    nlp.select_pipes(disable=a.disable)
    counts = {lab: Counter() for lab in ("PER", "ORG", "LOC", "MISC")}
    kinds, listed = Counter(), []
    t0, words = time.perf_counter(), 0
    for k in range(0, len(held), PER_DOC):
        chunk = held[k:k + PER_DOC]
        toks, spaces, starts, ids = detokenize([[w for w, _ in s] for s in chunk])
        text, offs, pos = "", {}, 0
        for i, (w, sp, tid) in enumerate(zip(toks, spaces, ids)):
            offs[tid] = (pos, pos + len(w))
            gap = (sentence_break if i + 1 < len(starts) and starts[i + 1] else " ") if sp else ""
            text += w + gap
            pos += len(w) + len(gap)
        words += len(toks)
        gold, ignore = set(), set()
        for s_i, s in enumerate(chunk):
            for st, en, lab in gold_spans([t for _, t in s]):
                span = (offs[(s_i, st)][0], offs[(s_i, en - 1)][1])
                if lab in GERMEVAL_LABEL:
                    gold.add(span + (GERMEVAL_LABEL[lab],))
                else:
                    ignore.add(span)
        pred = {(e.start, e.end, e.label) for e in analyze_text(text, nlp=nlp).entities
                if (e.start, e.end) not in ignore}
        for lab, c in counts.items():
            g, p = {x for x in gold if x[2] == lab}, {x for x in pred if x[2] == lab}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
        if a.errors:
            error_kinds(text, gold, pred, kinds, listed)
    total = sum(counts.values(), Counter())

    def f1(c):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    for lab, c in counts.items():
        print("%-4s P=%.3f R=%.3f F1=%.3f (gold %d)" % ((lab,) + f1(c) + (c["tp"] + c["fn"],)))
    if a.errors:
        for line in listed:
            print(line)
        print("errors by kind:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    p, r, f = f1(total)
    print(f"NER strict span F1={f:.3f} (P={p:.3f} R={r:.3f}) on {len(held)} {a.split} GermEval sentences, "
          f"{words / (time.perf_counter() - t0):.0f} words/s")


if __name__ == "__main__":
    main()
