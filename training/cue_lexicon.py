"""Learn the German cue lexicon from the SpkAtt training articles (never the held-out ones).

Also writes the lemmas that are frequent but (almost) never cues, to veto tagger noise.
A lemma enters the lexicon when it is part of a cue at least MIN_COUNT times and is a cue in at least
MIN_RATIO of its occurrences ("sagen" yes, "haben" no). Writes src/quellenlage/lang/de/words/cue_lemmas.tsv,
one "lemma<TAB>cue_count<TAB>ratio" line each: a word list, not corpus text.

usage: python training/cue_lexicon.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import simplemma

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
from spkatt import load, parse_ref  # noqa: E402

MIN_COUNT = 2
MIN_RATIO = 0.3
OUT = ROOT / "src/quellenlage/lang/de/words/cue_lemmas.tsv"
# Lemmas seen often in the training articles but (almost) never as a cue: a tagger cue made only of these
# ("versuchte", "kürzlich") is noise.
NON_CUE_MIN_COUNT = 8
NON_CUE_MAX_RATIO = 0.02
NON_CUE_OUT = ROOT / "src/quellenlage/lang/de/words/non_cue_lemmas.tsv"


def main():
    files = json.loads((ROOT / "training/corpus/spkatt-split.json").read_text())["train"]
    cue, total = Counter(), Counter()
    for f in files:
        sents, anns = load(f)
        cue_ids = {t for a in anns for t in parse_ref(a.get("Cue"))}
        for s_i, toks in enumerate(sents):
            for t_i, tok in enumerate(toks):
                if not tok[:1].isalpha():
                    continue
                lemma = simplemma.lemmatize(tok, lang="de").lower()
                total[lemma] += 1
                if (s_i, t_i) in cue_ids:
                    cue[lemma] += 1
    rows = sorted(((lem, n, n / total[lem]) for lem, n in cue.items()
                   if n >= MIN_COUNT and n / total[lem] >= MIN_RATIO), key=lambda r: -r[1])
    OUT.write_text("".join(f"{lem}\t{n}\t{r:.2f}\n" for lem, n, r in rows), encoding="utf-8")
    print(f"{len(rows)} cue lemmas -> {OUT}")
    non = sorted(lem for lem, n in total.items()
                 if n >= NON_CUE_MIN_COUNT and cue[lem] / n <= NON_CUE_MAX_RATIO)
    NON_CUE_OUT.write_text("".join(f"{lem}\n" for lem in non), encoding="utf-8")
    print(f"{len(non)} non-cue lemmas -> {NON_CUE_OUT}")


if __name__ == "__main__":
    main()
