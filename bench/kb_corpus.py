"""Benchmark corpus for the knowledge base: real German news texts from ../shared/data, written as .txt files.

Sources (read in place, written only to a temporary folder, never into the repository):
- news-text/10kgnad-test.csv: 1,028 Der Standard articles (`label;'text'`);
- news-text/wikinews-unlabelled/*.json: 148 Wikinews articles (tokenised; joined back with simple spacing rules);
- spkatt-news/train/*.json: 700 Wikinews articles (tokenised, same treatment).
"""
from __future__ import annotations

import ast
import csv
import json
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]}»“])")
NO_SPACE_AFTER = re.compile(r"([(\[{„«]) ")


def detokenize(tokens: list[str]) -> str:
    s = " ".join(tokens)
    s = NO_SPACE_BEFORE.sub(r"\1", s)
    return NO_SPACE_AFTER.sub(r"\1", s)


def tokenised_doc(path: Path) -> tuple[str, str]:
    d = json.loads(path.read_text(encoding="utf-8"))
    sents = d["Sentences"]
    if isinstance(sents, str):
        sents = ast.literal_eval(sents)
    return d["DocumentName"], "\n".join(detokenize(s["Tokens"]) for s in sents)


def iter_corpus():
    """(name, text) for every article, in a fixed order."""
    csv.field_size_limit(sys.maxsize)
    with open(SHARED / "news-text" / "10kgnad-test.csv", encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if len(row) >= 2 and row[1].strip():
                yield f"10kgnad-{i:04d}", row[1]
    for folder in (SHARED / "news-text" / "wikinews-unlabelled", SHARED / "spkatt-news" / "train"):
        for p in sorted(folder.glob("*.json")):
            name, text = tokenised_doc(p)
            yield f"{folder.name}-{p.stem[:8].strip()}", text


def write_corpus(out: Path, limit: int | None = None) -> list[Path]:
    """Write the corpus (or an evenly spaced subset of `limit` articles) as text files under `out`."""
    items = list(iter_corpus())
    if limit and limit < len(items):
        step = len(items) / limit
        items = [items[int(i * step)] for i in range(limit)]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, text) in enumerate(items):
        p = out / f"{i:05d}-{re.sub(r'[^A-Za-z0-9_-]', '_', name)}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    items = list(iter_corpus())
    print(f"{len(items)} articles, {sum(len(t.split()) for _, t in items):,} words")
