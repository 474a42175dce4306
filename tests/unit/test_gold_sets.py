"""The labelled sets are consistent: stories (tests/data/stories) and name pairs (bench/data/name_pairs.tsv).

These tests check the labels, not the product: every snippet is found exactly once in its document as the
product's reader reads it, every listed document exists, statuses follow the stated rule, the pair file is
well-formed. How well the product does on the sets is printed by bench/kb_claims.py and bench/kb_merge.py.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

import storygold as sg

STORY_DIRS = sg.story_dirs()


def test_story_set_has_the_agreed_size_and_spread():
    stories = sg.load_stories()
    docs = [d for s in stories for d in s.gold["documents"]]
    assert len(stories) >= 12 and len(docs) >= 48
    assert all(3 <= len(s.gold["documents"]) <= 6 for s in stories), "3 to 6 reports per story"
    assert {d["language"] for d in docs} == {"de", "en"}
    assert {d["format"] for d in docs} == set(sg.FORMATS)
    assert any(d["outlet"] is None and d["format"] == "txt" for d in docs), "a plain text with no outlet at all"
    assert any((s.reports_dir / sg.SIDECAR).exists() for s in stories), "a sidecar for plain-text metadata"
    statuses = Counter(c["status"] for s in stories for c in s.gold["claims"])
    assert set(statuses) == set(sg.STATUSES)
    mixed = [s for s in stories if {d["language"] for d in s.gold["documents"]} == {"de", "en"}]
    assert mixed, "at least one German/English story"


@pytest.mark.parametrize("path", STORY_DIRS, ids=[p.name for p in STORY_DIRS])
def test_story_labels_are_consistent(path):
    assert sg.check_story(path) == []


def test_the_story_check_finds_broken_labels(tmp_path):
    """A copy of a story with a wrong status, a doubled snippet, a missing document and a stray file fails."""
    src = STORY_DIRS[0]
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    gold = json.loads((dst / "gold.json").read_text(encoding="utf-8"))
    claim = gold["claims"][0]
    claim["status"] = "single-source" if claim["status"] != "single-source" else "corroborated"
    claim["reports"].append({"doc": claim["reports"][0]["doc"], "snippet": " ", "origin": claim["origins"][0]})
    gold["documents"].append({"id": "missing.html", "format": "html", "outlet": None, "language": "de", "date": None})
    (dst / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (dst / "reports" / "stray.txt").write_text("Ein Text, den gold.json nicht kennt.\n", encoding="utf-8")
    problems = "\n".join(sg.check_story(dst))
    assert "status" in problems
    assert "empty snippet" in problems
    assert "missing.html: listed in gold.json but not read" in problems
    assert "stray.txt: read from reports/ but not listed" in problems


def test_snippet_must_occur_exactly_once(tmp_path):
    src = STORY_DIRS[0]
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    gold = json.loads((dst / "gold.json").read_text(encoding="utf-8"))
    report = gold["claims"][0]["reports"][0]
    report["snippet"] = "die"  # a word that occurs many times
    (dst / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert any("must be exactly once" in p for p in sg.check_story(dst))


def test_name_pairs_are_well_formed():
    assert sg.check_pairs() == []
    rows = sg.load_pairs()
    assert len(rows) >= 400
    labels = Counter(r["same"] for r in rows)
    assert labels[0] >= 100 and labels[1] >= 100, labels
    assert {r["type"] for r in rows} == set(sg.PAIR_TYPES)


def test_the_pair_check_finds_malformed_rows(tmp_path):
    bad = tmp_path / "pairs.tsv"
    bad.write_text("\t".join(sg.PAIR_COLUMNS) + "\n"
                   "Kiew\tKyiv\tplace\t1\tdoc1\tdoc2\t\n"
                   "Kiew\tKyiv\tplace\t1\tdoc1\tdoc2\tagain\n"
                   "ÖVP\tÖVP Burgenland\tparty\t0\tdoc3\tdoc4\t\n"
                   "Spiegel\tDer Spiegel\toutlet\tyes\tdoc5\t\t\n", encoding="utf-8")
    problems = "\n".join(sg.check_pairs(bad))
    assert "listed twice" in problems
    assert "type 'party'" in problems
    assert "same must be 1 or 0" in problems
    assert "source_a and source_b" in problems
