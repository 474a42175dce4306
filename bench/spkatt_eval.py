"""SpkAtt-2023 Task 2 metric (proceedings §5.4) on our held-out SpkAtt news articles, through the product.

Messages are matched one-to-one by linear-sum assignment on token overlap, with equal form as tie-breaker
(+0.5). Matched pairs score token-level TP/FP/FN for the message and for each role (Cue, Source, Addr, Frame in
the full task; Source only in the simplified task, which also drops nested annotations); an unmatched gold
message counts all its tokens as FN, an unmatched system message all its tokens as FP. Joint F1 pools message and
role counts. The held-out list is training/corpus/spkatt-split.json (never trained or tuned on).

usage: python bench/spkatt_eval.py [--limit N] [--simplified] [--split heldout|train] [--model DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from spkatt import detokenize, load, parse_ref  # noqa: E402

DEV_ARTICLES = 40  # as in training/prepare.py: the last 40 training files are spkatt-dev.spacy
FULL_ROLES = (("Cue", "cue"), ("Source", "source"), ("Addr", "addressee"), ("Frame", "frame"))
FORMS = {"direct": "Direct", "indirect": "Indirect", "free_indirect": "FreeIndirect",
         "indirect_free_indirect": "IndirectFreeIndirect", "reported": "Reported"}


def text_and_offsets(sentences):
    words, spaces, _, ids = detokenize(sentences)
    offsets, pos, parts = {}, 0, []
    for w, sp, tid in zip(words, spaces, ids):
        offsets[tid] = (pos, pos + len(w))
        parts.append(w + (" " if sp else ""))
        pos += len(w) + (1 if sp else 0)
    return "".join(parts), offsets


def tokens_of(spans, offsets) -> set:
    return {tid for s in spans for tid, (a, b) in offsets.items() if a < s.end and s.start < b}


def match(gold_msgs, sys_msgs, gold_forms, sys_forms):
    if not gold_msgs or not sys_msgs:
        return []
    m = np.zeros((len(gold_msgs), len(sys_msgs)))
    for i, g in enumerate(gold_msgs):
        for j, s in enumerate(sys_msgs):
            ov = len(g & s)
            if ov:
                m[i, j] = ov + (0.5 if gold_forms[i] == sys_forms[j] else 0.0)
    rows, cols = linear_sum_assignment(-m)
    return [(i, j) for i, j in zip(rows, cols) if m[i, j] > 0]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(files, nlp, simplified: bool):
    from quellenlage.analyze import analyze_text
    roles = FULL_ROLES[1:2] if simplified else FULL_ROLES
    counts = {k: [0, 0, 0] for k in ["Message", *(r for r, _ in roles), "Form"]}
    words = 0
    for f in files:
        sents, gold = load(f)
        if simplified:
            gold = [a for a in gold if not a.get("IsNested")]
        text, offs = text_and_offsets(sents)
        words += len(offs)
        res = analyze_text(text, nlp=nlp, source_path=f).attributions
        if simplified:
            res = [a for a in res if not a.parent]
        g_msg = [parse_ref(a["Message"]) for a in gold]
        s_msg = [tokens_of(a.message, offs) for a in res]
        g_form = [a["Form"] for a in gold]
        s_form = [FORMS.get(a.form) for a in res]
        pairs = match(g_msg, s_msg, g_form, s_form)
        for i, j in pairs:
            add(counts["Message"], g_msg[i], s_msg[j])
            for rg, rs in roles:
                add(counts[rg], parse_ref(gold[i].get(rg)), tokens_of(getattr(res[j], rs), offs))
            counts["Form"][0 if g_form[i] == s_form[j] else 1] += 1
            if g_form[i] != s_form[j]:
                counts["Form"][2] += 1
        matched_g, matched_s = {i for i, _ in pairs}, {j for _, j in pairs}
        for i in set(range(len(gold))) - matched_g:
            counts["Message"][2] += len(g_msg[i])
            counts["Form"][2] += 1
            for rg, _ in roles:
                counts[rg][2] += len(parse_ref(gold[i].get(rg)))
        for j in set(range(len(res))) - matched_s:
            counts["Message"][1] += len(s_msg[j])
            counts["Form"][1] += 1
            for rg, rs in roles:
                counts[rg][1] += len(tokens_of(getattr(res[j], rs), offs))
    return counts, words


def add(c, gold: set, system: set):
    c[0] += len(gold & system)
    c[1] += len(system - gold)
    c[2] += len(gold - system)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="heldout", choices=["heldout", "dev", "train"],
                    help="heldout: the 100 held-out articles (report these); dev: the 40 training articles kept "
                         "out of the tagger's training for early stopping (develop rules on these)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--simplified", action="store_true")
    ap.add_argument("--model", default=None)
    a = ap.parse_args()
    split_file = ROOT / "training/corpus/spkatt-split.json"
    if not split_file.exists():
        sys.exit("no split file: run `python training/prepare.py --only spkatt` first (needs ../shared/data)")
    split = json.loads(split_file.read_text())
    files = (split["train"][-DEV_ARTICLES:] if a.split == "dev" else split[a.split])[: a.limit]
    from quellenlage.nlp.pipeline import load_pipeline
    nlp = load_pipeline(a.model)
    t0 = time.perf_counter()
    counts, words = score(files, nlp, a.simplified)
    dt = time.perf_counter() - t0
    roles = [r for r in counts if r not in ("Message", "Form")]
    for k in ["Message", *roles, "Form"]:
        print("%-8s P=%.3f R=%.3f F1=%.3f" % ((k,) + prf(*counts[k])))
    pooled = [sum(counts[k][n] for k in ["Message", *roles]) for n in range(3)]
    p, r, f = prf(*pooled)
    task = "simplified" if a.simplified else "full"
    print(f"{task}-task joint F1={f:.3f} (P={p:.3f} R={r:.3f}) on {len(files)} {a.split} articles, "
          f"{words} words, {words / dt:.0f} words/s")


if __name__ == "__main__":
    main()
