"""English word lists and patterns of the attribution layer: data files of the English pack (quellenlage.lang).

`words/NAME.txt` holds one entry a line (lowercased lemma or phrase; `#` lines are comments saying what the list
decides and where it came from); `patterns/NAME.jsonl` spaCy Matcher patterns ({"label": "KIND|NAME", ...}).
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of the English pack's `words/NAME.txt`, lowercased; a missing file is an error."""
    from quellenlage.lang import language_pack

    return frozenset(w.strip().lower() for w in language_pack("en").words(name))


@functools.lru_cache(maxsize=None)
def patterns(name: str) -> tuple[dict, ...]:
    """The Matcher patterns of the English pack's `patterns/NAME.jsonl`."""
    from quellenlage.lang import language_pack

    return tuple(language_pack("en").patterns(name))
