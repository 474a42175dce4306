"""The gold set for acts between actors (bench/data/acts): gold files, and the article texts they label.

No article text is stored in the repository. Each gold file names its article in an `article` header, and
`article_text` rebuilds the text from ../shared in place (override the folder with QUELLENLAGE_SHARED):

- `{"corpus": "10kgnad", "file": "data/news-text/10kgnad-test.csv", "index": N}`: row N of the Der Standard
  articles as `training/prepare.py` `read_10kgnad` returns them (what the benchmarks use);
- `{"corpus": "spkatt-news", "file": "data/spkatt-news/train/NAME.json"}`: the SpkAtt tokens joined as
  `training/spkatt.py` `detokenize` joins them (one space between sentences, as bench/spkatt_eval.py does);
- `{"corpus": "polnear", "file": "data/english/polnear/train/text/NAME.txt"}` and
  `{"corpus": "example", "file": "examples/NAME.txt"}`: the file's content exactly.

`sha256` in the header is the first 16 hex digits of the SHA-256 of the rebuilt text, so a changed source is noticed.
The gold format is the one of the team lead's `score_relations.py`; docs/annotation/acts.md describes the fields.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "acts"
SPLITS = ("dev", "test", "en", "kozak")

# PLOVER event types as the acts issue lists them (POLECAT's 16), and OTHER for an act none of them fits
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER")
MODALITIES = ("asserted", "reported", "hedged", "denied", "attempted", "intended")


def shared_dir() -> Path:
    """The shared folder beside the checkout (../shared), or QUELLENLAGE_SHARED."""
    return Path(os.environ.get("QUELLENLAGE_SHARED", ROOT.parent / "shared"))


def gold_files(split: str) -> list[Path]:
    """The gold JSON files of one split: dev, test, en (folders) or kozak (one file)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    if split == "kozak":
        return [DATA / "kozak.json"]
    return sorted((DATA / split).glob("*.json"))


def load_gold(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _10kgnad(shared: str) -> tuple[str, ...]:
    sys.path.insert(0, str(ROOT / "training"))
    from prepare import read_10kgnad
    return tuple(read_10kgnad(os.path.join(shared, "data")))


def _spkatt_text(path: Path) -> str:
    sys.path.insert(0, str(ROOT / "training"))
    from spkatt import detokenize, load
    words, spaces, _, _ = detokenize(load(str(path))[0])
    return "".join(w + (" " if sp else "") for w, sp in zip(words, spaces))


def article_text(article: dict, shared: Path | None = None) -> str:
    """Rebuild the text a gold file labels; raises FileNotFoundError naming the missing source."""
    shared = Path(shared or shared_dir())
    path = shared / article["file"]
    if not path.exists():
        raise FileNotFoundError(f"{path}: the acts gold reads ../shared in place (set QUELLENLAGE_SHARED)")
    corpus = article["corpus"]
    if corpus == "10kgnad":
        return _10kgnad(str(shared))[int(article["index"])]
    if corpus == "spkatt-news":
        return _spkatt_text(path)
    if corpus in ("polnear", "example"):
        return path.read_text(encoding="utf-8")
    raise ValueError(f"unknown corpus {corpus!r} in an acts gold header")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def locate(text: str, trigger: str, context: str | None = None) -> tuple[int, int] | None:
    """Where a gold trigger lies: its first occurrence at or after the start of its context (score_relations.py)."""
    if context:
        c = text.find(context)
        i = text.find(trigger, c) if c >= 0 else -1
    else:
        i = text.find(trigger)
    return None if i < 0 else (i, i + len(trigger))


def check_gold(gold: dict, text: str) -> list[str]:
    """Problems of one gold file against its rebuilt text: an empty list when it is sound.

    Every context must occur exactly once and hold its trigger; types must be PLOVER names; a source snippet
    must occur in the text; modality must be one of MODALITIES."""
    problems = []
    if gold["article"].get("sha256") and gold["article"]["sha256"] != text_hash(text):
        problems.append("text hash differs from the header: the source text changed")
    items = [("relation " + r["id"], r) for r in gold["relations"]]
    items += [("optional %d" % i, o) for i, o in enumerate(gold.get("optional", []))]
    seen = {}
    for name, g in items:
        ctx = g.get("context") or g["trigger"]
        if text.count(ctx) != 1:
            problems.append(f"{name}: context {ctx!r} occurs {text.count(ctx)} times")
            continue
        c = text.find(ctx)
        loc = locate(text, g["trigger"], g.get("context"))
        if loc is None or loc[1] > c + len(ctx):
            problems.append(f"{name}: trigger {g['trigger']!r} not inside its context {ctx!r}")
            continue
        if loc in seen:
            problems.append(f"{name}: same trigger position as {seen[loc]}")
        seen[loc] = name
    for r in gold["relations"]:
        bad = [t for t in r["types"] if t not in PLOVER_TYPES]
        if bad or not r["types"]:
            problems.append(f"relation {r['id']}: types {r['types']} (not PLOVER names)")
        for key in ("source", "source_alt"):
            if r.get(key) and r[key] not in text and key == "source":
                problems.append(f"relation {r['id']}: source {r[key]!r} not in the text")
        if r.get("modality") not in MODALITIES:
            problems.append(f"relation {r['id']}: modality {r.get('modality')!r}")
        if not isinstance(r.get("negated"), bool):
            problems.append(f"relation {r['id']}: negated must be true or false")
    return problems


def stats_table() -> str:
    """Markdown tables: articles and relations per split, relations per first type, modality, provenance."""
    from collections import Counter

    rows, types, mods = {}, {}, {}
    for split in SPLITS:
        golds = [load_gold(p) for p in gold_files(split)]
        rels = [r for g in golds for r in g["relations"]]
        rows[split] = (len(golds), len(rels), sum(len(g.get("optional", [])) for g in golds),
                       sum(r["source"] is not None for r in rels), sum(r["negated"] for r in rels))
        types[split] = Counter(r["types"][0] for r in rels)
        mods[split] = Counter(r["modality"] for r in rels)
    head = "| | " + " | ".join(SPLITS) + " |\n|---|" + "---:|" * len(SPLITS)
    out = [head]
    for i, label in enumerate(("articles", "relations", "optional triggers", "under a source (not the outlet's)",
                               "negated")):
        out.append(f"| {label} | " + " | ".join(str(rows[s][i]) for s in SPLITS) + " |")
    out += ["", head]
    for t in PLOVER_TYPES:
        out.append(f"| {t} | " + " | ".join(str(types[s][t]) for s in SPLITS) + " |")
    out += ["", head]
    for m in MODALITIES:
        out.append(f"| {m} | " + " | ".join(str(mods[s][m]) for s in SPLITS) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    # python bench/acts_data.py: the statistics tables of bench/data/acts/README.md
    print(stats_table())
