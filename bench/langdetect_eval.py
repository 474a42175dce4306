"""Language detectors on German and English news: accuracy, speed and installed size.

Test texts (read in place from ../shared/data, never copied):
- German paragraphs: 300 Der Standard articles (10kGNAD), the first 400 characters cut at a sentence end;
- German short texts: the first sentence of 300 other 10kGNAD articles (teasers and headlines), at most 80 characters;
- English paragraphs: 300 paragraphs of the PolNeAR dev articles (US political news), at most 400 characters;
- English short texts: 300 sentences of the GUM news documents, at most 80 characters;
- English headline-like short texts: the first line of each PolNeAR dev article (titles).
A text counts as right when the detector names its language; naming any third language is wrong. Detectors that
can be restricted to our packs' languages (German, English) are scored both ways.

usage: python bench/langdetect_eval.py [--shared ../shared/data] [--detector NAME ...]
"""
from __future__ import annotations

import argparse
import csv
import glob
import os
import random
import re
import sys
import time
from pathlib import Path

SEED = 7
N = 300


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut after the last sentence end inside them if there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    m = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[:m + 1] if m > limit // 3 else head.rsplit(" ", 1)[0]


def german(shared: str) -> tuple[list[str], list[str]]:
    csv.field_size_limit(10_000_000)
    with open(os.path.join(shared, "news-text", "10kgnad-test.csv"), encoding="utf-8") as f:
        texts = [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) >= 2]
    random.Random(SEED).shuffle(texts)
    paragraphs = [cut(t, 400) for t in texts[:N]]
    short = [cut(re.split(r"(?<=[.!?])\s", t.strip(), maxsplit=1)[0], 80) for t in texts[N:2 * N]]
    return paragraphs, short


def english(shared: str) -> tuple[list[str], list[str], list[str]]:
    paras, titles = [], []
    for path in sorted(glob.glob(os.path.join(shared, "english", "polnear", "dev", "text", "*.txt"))):
        text = Path(path).read_text(encoding="utf-8")
        titles.append(text.strip().split("\n", 1)[0].strip())
        paras += [p for p in (" ".join(b.split()) for b in text.split("\n\n")[1:]) if len(p) > 80]
    random.Random(SEED).shuffle(paras)
    sents = []
    for path in sorted(glob.glob(os.path.join(shared, "english", "gum", "dep", "GUM_news_*.conllu"))):
        sents += [line[len("# text = "):].strip() for line in open(path, encoding="utf-8")
                  if line.startswith("# text = ")]
    random.Random(SEED).shuffle(sents)
    return [cut(p, 400) for p in paras[:N]], [cut(s, 80) for s in sents[:N]], titles


def detectors(names: list[str]):
    """name -> (function text -> ISO 639-1 code, installed size in MB of its package)."""
    out = {}

    def size(module) -> float:
        root = Path(module.__file__).parent
        return sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1e6

    if "py3langid" in names or "py3langid-de-en" in names:
        import py3langid
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
        if "py3langid" in names:
            out["py3langid"] = (lambda t: py3langid.classify(t)[0], size(py3langid))
        if "py3langid-de-en" in names:
            ident = LanguageIdentifier.from_model_file(MODEL_FILE)
            ident.set_languages(["de", "en"])
            out["py3langid-de-en"] = (lambda t: ident.classify(t)[0], size(py3langid))
    if "pycld2" in names:
        import pycld2
        out["pycld2"] = (lambda t: pycld2.detect(t)[2][0][1], size(pycld2))
    if "lingua-de-en" in names:
        import lingua
        det = lingua.LanguageDetectorBuilder.from_languages(lingua.Language.GERMAN, lingua.Language.ENGLISH).build()
        out["lingua-de-en"] = (lambda t: (det.detect_language_of(t) or lingua.Language.ENGLISH).iso_code_639_1.name.lower(),
                               size(lingua))
    if "simplemma-de-en" in names:
        import simplemma
        out["simplemma-de-en"] = (lambda t: simplemma.langdetect(t, lang=("de", "en"))[0][0], size(simplemma))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--detector", nargs="+",
                    default=["py3langid", "py3langid-de-en", "pycld2", "lingua-de-en", "simplemma-de-en"])
    a = ap.parse_args()
    de_par, de_short = german(a.shared)
    en_par, en_short, en_titles = english(a.shared)
    sets = [("de paragraphs", "de", de_par), ("de short", "de", de_short), ("en paragraphs", "en", en_par),
            ("en short", "en", en_short), ("en titles", "en", en_titles)]
    print(f"{'detector':17} " + " ".join(f"{name:>14}" for name, _, _ in sets) + "  ms/text    MB")
    for name, (detect, mb) in detectors(a.detector).items():
        detect("warm up")
        cells, n, spent = [], 0, 0.0
        for _, lang, texts in sets:
            t0 = time.perf_counter()
            right = sum(detect(t) == lang for t in texts)
            spent += time.perf_counter() - t0
            n += len(texts)
            cells.append(f"{right / len(texts):8.3f} ({len(texts)})")
        print(f"{name:17} " + " ".join(f"{c:>14}" for c in cells) + f"  {1000 * spent / n:7.3f} {mb:5.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
