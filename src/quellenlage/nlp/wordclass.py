"""Context-free word class of capitalised words (proper noun or common noun?), an NER feature.

In German every noun is capitalised, so capitalisation does not separate "Sauna" from "Schiraz"; our 5,000
GermEval sentences are too few to learn it. HanTa (LGPL, on PyPI) ships a lexicon and morphology model trained
on the TIGER newspaper treebank; its best tag for the word alone says NE or NN, and its score says whether it
knew the word or guessed. HanTa needs about 1 ms a word, too slow to run on every new word, so training
(`training/word_classes.py`) stores its answers for a vocabulary of German news text in a lexicon that ships
with the pipeline; a capitalised word outside it gets the class "?".

The class goes into `token.tag_` (the pipeline has no STTS tagger otherwise): "NE", "NN~" (HanTa guessed NN),
"ADJA", "?", and "" for words that are not capitalised.
"""
from __future__ import annotations

import gzip
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

# HanTa scores known words around -8 to -20 (log probabilities) and guesses near -30 and below
KNOWN_SCORE = -25.0
UNKNOWN = "?"
LEXICON_FILE = "word_classes.tsv.gz"


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


class WordClasses:
    """Sets `token.tag_` from the lexicon; serialised with the pipeline."""

    def __init__(self, lexicon: dict[str, str] | None = None):
        self.lexicon = lexicon or {}

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        for tok in doc:
            word = tok.text
            if is_capitalised_word(word):
                tok.tag_ = lexicon.get(word, UNKNOWN)
        return doc

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None):
        if path:
            self.lexicon = read_lexicon(Path(path))

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with gzip.open(path / LEXICON_FILE, "wt", encoding="utf-8") as f:
            for word, cls in sorted(self.lexicon.items()):
                f.write(f"{word}\t{cls}\n")

    def from_disk(self, path, exclude=()):
        self.lexicon = read_lexicon(Path(path) / LEXICON_FILE)
        return self


def read_lexicon(path: Path) -> dict[str, str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


@Language.factory("quellenlage_word_class", assigns=["token.tag"])
def make_word_classes(nlp: Language, name: str) -> WordClasses:
    return WordClasses()
