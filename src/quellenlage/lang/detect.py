"""The language of a document, when its input does not say: py3langid restricted to the languages of our packs.

py3langid (BSD-3-Clause; the naive Bayes model of langid.py, 4.6 MB, ships in its wheel) was chosen by
bench/langdetect_eval.py on German and English news: restricted to German and English it named the right
language of 300 German and 300 English paragraphs, 300 German teasers and 84 English titles every time and of
297 of 300 short English sentences, at 0.3 ms a text (lingua: as accurate, 100 MB and five times slower; CLD2 and
simplemma less accurate on short texts; see docs/training.md).
"""
from __future__ import annotations

import functools

from quellenlage.lang import PACKS

# languages that have a pack; a text is given the most probable of these
PACK_LANGUAGES = tuple(PACKS)
# a text with fewer letters says too little about its language: it keeps the default pack
MIN_LETTERS = 3
DEFAULT_LANGUAGE = "de"


@functools.lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(list(languages))
    return ident


def detect_language(text: str, languages: tuple[str, ...] = PACK_LANGUAGES) -> str:
    """ISO 639-1 code of the most probable of `languages` for `text`; DEFAULT_LANGUAGE for a text with fewer
    than MIN_LETTERS letters."""
    if sum(ch.isalpha() for ch in text[:2000]) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    return _identifier(tuple(languages)).classify(text[:20_000])[0]
