"""English attribution on PolNeAR dev (US political news, Source / Cue / Content), through the English pipeline.

The metric of the SpkAtt-2023 shared task adapted to PolNeAR's roles, as the team lead's scorer applies it:
tokens are the regex words and punctuation marks of the original text (`\\w+|[^\\w\\s]`); gold and system
attributions are matched one-to-one by linear-sum assignment on the overlap of their message (Content) tokens;
matched pairs count token TP/FP/FN for Message, Cue and Source; an unmatched gold attribution counts all its tokens
as FN, an unmatched system attribution all its tokens as FP. Joint F1 pools the three roles. One annotation file
per article (the first annotator's by name); gold attributions without content tokens are left out.

PolNeAR dev was used to develop the linking rules; the PolNeAR test split is held out by the team lead (not here).

usage: python bench/polnear_eval.py [--split dev|stop] [--limit N] [--model DIR] [--oracle] [--errors N]
  --oracle   the gold role labels in place of the tagger's, through the same linking (the linking's ceiling)
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training" / "en"))

from polnear import articles, read_ann, role_labels  # noqa: E402

TOKEN = re.compile(r"\w+|[^\w\s]")
ROLES = ("Message", "Cue", "Source")


def token_sets(text: str):
    """A function from character spans to the set of regex-token indices they overlap."""
    starts = np.array([m.start() for m in TOKEN.finditer(text)])
    ends = np.array([m.end() for m in TOKEN.finditer(text)])

    def tokens(spans) -> set[int]:
        out: set[int] = set()
        for a, b in spans:
            out.update(np.flatnonzero((starts < b) & (a < ends)).tolist())
        return out
    return tokens


def match(gold: list[set], system: list[set]) -> list[tuple[int, int]]:
    """One-to-one pairs by linear-sum assignment on message-token overlap (pairs without overlap dropped)."""
    if not gold or not system:
        return []
    m = np.array([[len(g & s) for s in system] for g in gold], dtype=float)
    rows, cols = linear_sum_assignment(-m)
    return [(i, j) for i, j in zip(rows, cols) if m[i, j] > 0]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score_document(text: str, gold_anns: list[dict], system: list[dict], counts: dict) -> None:
    """Add one document's TP/FP/FN per role; `system` items hold character spans per role."""
    tokens = token_sets(text)
    gold = [{"Message": tokens(g["Content"]), "Cue": tokens(g["Cue"]), "Source": tokens(g["Source"])}
            for g in gold_anns]
    gold = [g for g in gold if g["Message"]]
    sys_sets = [{k: tokens(s[k]) for k in ROLES} for s in system]
    pairs = match([g["Message"] for g in gold], [s["Message"] for s in sys_sets])
    for i, j in pairs:
        for k in ROLES:
            g, s = gold[i][k], sys_sets[j][k]
            counts[k][0] += len(g & s)
            counts[k][1] += len(s - g)
            counts[k][2] += len(g - s)
    matched_g, matched_s = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i not in matched_g:
            for k in ROLES:
                counts[k][2] += len(g[k])
    for j, s in enumerate(sys_sets):
        if j not in matched_s:
            for k in ROLES:
                counts[k][1] += len(s[k])


def system_spans(doc) -> list[dict]:
    """The attribution layer of a Doc (span groups by record id) -> character spans per role."""
    from quellenlage.nlp.export import attribution_list

    return [{"Message": [(s.start, s.end) for s in a.message], "Cue": [(s.start, s.end) for s in a.cue],
             "Source": [(s.start, s.end) for s in a.source]} for a in attribution_list(doc)]


def load_nlp(model: str | None):
    from quellenlage.lang import language_pack
    from quellenlage.nlp.pipeline import load_pipeline
    return load_pipeline(model) if model else load_pipeline(str(language_pack("en").model_dir))


def analyse(nlp, text: str, gold_anns: list[dict], oracle: bool):
    """The analysed Doc of one text: the pipeline's, or with --oracle the English layer on the gold role labels."""
    from quellenlage.nlp.extensions import setup_extensions

    if not oracle:
        return nlp(text)
    layer = nlp.get_pipe("quellenlage_attribution_en")
    doc = nlp(text, disable=["attribution_tagger", "quellenlage_attribution_en"])
    setup_extensions()
    doc._.attribution_roles = role_labels(doc, gold_anns)
    return layer(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--split", default="dev", choices=["dev"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--model", help="a pipeline folder (default: the bundled English pipeline)")
    ap.add_argument("--oracle", action="store_true")
    a = ap.parse_args()
    nlp = load_nlp(a.model)
    items = articles(str(Path(a.shared) / "english" / "polnear" / a.split))[:a.limit]
    counts = {k: [0, 0, 0] for k in ROLES}
    words, t0 = 0, time.perf_counter()
    for _, text_path, ann_path in items:
        text = Path(text_path).read_text(encoding="utf-8")
        gold = read_ann(ann_path)
        words += len(text.split())
        score_document(text, gold, system_spans(analyse(nlp, text, gold, a.oracle)), counts)
    spent = time.perf_counter() - t0
    for k in ROLES:
        print("%-8s P=%.3f R=%.3f F1=%.3f" % ((k,) + prf(*counts[k])))
    p, r, f = prf(*(sum(counts[k][i] for k in ROLES) for i in range(3)))
    print(f"joint F1 {f:.3f} (P {p:.3f}, R {r:.3f}) on {len(items)} PolNeAR {a.split} articles"
          f"{' (oracle role labels)' if a.oracle else ''}; {words / spent:,.0f} words/s")


if __name__ == "__main__":
    main()
