"""English word lists of the attribution layer, read from the data files beside this module.

Each file holds one entry a line (lowercased lemma or phrase; `#` starts a comment). The file's header says what the
list decides and where it came from.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of `NAME.txt` (first tab-separated column), lowercased; a missing file is an error."""
    path = HERE / f"{name}.txt"
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.add(line.split("\t")[0].strip().lower())
    return frozenset(entries)


@functools.lru_cache(maxsize=None)
def patterns(name: str) -> tuple[dict, ...]:
    """spaCy Matcher patterns of `NAME.jsonl`: {"label": ..., "pattern": [...], ...} a line."""
    path = HERE / f"{name}.jsonl"
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("//"))
