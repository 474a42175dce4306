"""Language packs: one folder per language under `quellenlage/lang/`, holding everything language-specific as data.

    lang/de/model/     the spaCy pipeline (trained weights, config.cfg with every rule component's settings)
    lang/de/words/     word sets, one entry a line after `#` comment lines (`*.txt`), or tab-separated (`*.tsv`)
    lang/de/patterns/  spaCy Matcher patterns as JSON Lines ({"label": ..., "pattern": [...]})

`PACKS` is the registry: adding a language is its folder plus one entry there. A document whose `language` has no
pack is analysed with the `FALLBACK` pack, and the analysis says so in its `warnings`.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FALLBACK = "de"


@dataclass(frozen=True)
class LanguagePack:
    """One language's folder. Raises FileNotFoundError naming the file when a list or pattern set is missing."""
    code: str
    path: Path

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    def words(self, name: str) -> frozenset[str]:
        """A word set: `words/<name>.txt` (one entry a line) or the first column of `words/<name>.tsv`."""
        return frozenset(row[0] for row in self._rows(name))

    def word_map(self, name: str) -> dict[str, frozenset[str]]:
        """`words/<name>.tsv` as key -> the set of space-separated words in its second column."""
        return {row[0]: frozenset(row[1].split()) for row in self._rows(name)}

    def patterns(self, name: str) -> list[dict]:
        """Matcher patterns of `patterns/<name>.jsonl`: dicts with "label" and "pattern"; a value "@list" of a token
        attribute's IN or NOT_IN stands for the word set `words/list` (one list, used by rules and patterns)."""
        text = (self.path / "patterns" / f"{name}.jsonl").read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]
        return [{**row, "pattern": [self._expand(token) for token in row["pattern"]]} for row in rows]

    def matcher(self, vocab, name: str):
        """A spaCy Matcher of `patterns/<name>.jsonl` over `vocab`, one match label per pattern label."""
        from spacy.matcher import Matcher

        matcher = Matcher(vocab)
        for row in self.patterns(name):
            matcher.add(row["label"], [row["pattern"]])
        return matcher

    def _expand(self, token: dict) -> dict:
        out = {}
        for attr, value in token.items():
            if isinstance(value, dict):
                value = {op: sorted(self.words(v[1:])) if op in ("IN", "NOT_IN") and isinstance(v, str)
                         and v.startswith("@") else v for op, v in value.items()}
            out[attr] = value
        return out

    def _rows(self, name: str) -> list[list[str]]:
        folder = self.path / "words"
        path = folder / f"{name}.txt" if (folder / f"{name}.txt").exists() else folder / f"{name}.tsv"
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line.split("\t") for line in lines if line and not line.startswith("#")]


# the registry: language code -> folder under quellenlage/lang/
PACKS: dict[str, str] = {"de": "de", "en": "en"}


@functools.lru_cache(maxsize=None)
def language_pack(code: str) -> LanguagePack:
    """The pack of a registered language; KeyError for a language without one."""
    return LanguagePack(code, HERE / PACKS[code])


def pack_for(language: str | None) -> tuple[LanguagePack, str | None]:
    """The pack that analyses a document of this language, and a warning when it is not the language's own."""
    code = (language or FALLBACK).strip().lower().replace("_", "-").split("-")[0]  # "en-US" → en
    if code in PACKS:
        return language_pack(code), None
    return language_pack(FALLBACK), (f"no language pack for {language!r}: analysed with the {FALLBACK!r} "
                                     f"pipeline")
