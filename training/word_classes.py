"""Build the word-class lexicon of the NER feature `quellenlage_word_class` (see src/quellenlage/nlp/wordclass.py).

Every capitalised word in the German text of ../shared/data that is not GermEval (the NER training and evaluation
data) and not a held-out SpkAtt article is classed once by HanTa. Keeping GermEval out means training sentences
meet unknown words ("?") as often as new articles do.

usage: python training/word_classes.py [--shared ../shared/data] [--out training/output/word_classes.tsv]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quellenlage.nlp.wordclass import hanta_class, is_capitalised_word  # noqa: E402

WORD = re.compile(r"[^\W\d_][\w-]*")
SOURCES = ("news-text", "spkatt-news/train", "spkatt-parliament", "redewiedergabe", "ud-german")


def source_files(shared: Path, held_out: set[str]):
    for folder in SOURCES:
        for path in sorted((shared / folder).rglob("*")):
            if path.is_file() and path.suffix in (".json", ".csv", ".tsv", ".conllu", ".txt") \
                    and path.name not in held_out:
                yield path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--split", default=str(ROOT / "training" / "corpus" / "spkatt-split.json"))
    ap.add_argument("--out", default=str(ROOT / "training" / "output" / "word_classes.tsv"))
    a = ap.parse_args()
    held_out = {Path(p).name for p in json.loads(Path(a.split).read_text())["heldout"]}
    counts: Counter = Counter()
    for path in source_files(Path(a.shared), held_out):
        counts.update(w for w in WORD.findall(path.read_text(encoding="utf-8", errors="replace"))
                      if is_capitalised_word(w))
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    t0 = time.perf_counter()
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for word in sorted(counts):
            f.write(f"{word}\t{hanta_class(tagger, word)}\n")
    print(f"{len(counts)} capitalised words classed in {time.perf_counter() - t0:.0f} s -> {a.out}")


if __name__ == "__main__":
    main()
