"""The gold set for acts between actors (bench/data/acts) against its texts in ../shared, read in place.

Every gold file parses, names PLOVER types, and locates each trigger inside its context in the rebuilt text; a
system output built from the gold itself scores R = P = 1 (no gold relation is out of reach of the scorer); and
bench/acts_match.py gives the same figures as the team lead's score_relations.py on imperfect outputs.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import sys

import pytest

from qltest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "bench"))

import acts_data  # noqa: E402
from acts_match import NEAR, find_all, locate, score_document  # noqa: E402

MINIMUM = {"dev": 45, "test": 20, "en": 10, "kozak": 1}
GOLD = [(split, p) for split in acts_data.SPLITS for p in acts_data.gold_files(split)]


@pytest.fixture(scope="module")
def texts():
    if not (SHARED / "data").exists():
        pytest.fail(f"{SHARED}/data missing: the acts gold reads ../shared in place")
    return {p: acts_data.article_text(acts_data.load_gold(p)["article"], SHARED) for _, p in GOLD}


def test_splits_have_their_sizes_and_share_no_article():
    seen = {}
    for split, path in GOLD:
        art = acts_data.load_gold(path)["article"]
        key = (art["file"], art.get("index"))
        assert key not in seen, f"{path.name} labels the same article as {seen[key]}"
        seen[key] = path.name
    for split, n in MINIMUM.items():
        assert len(acts_data.gold_files(split)) >= n, split


def test_spkatt_articles_are_not_held_out():
    sys.path.insert(0, str(ROOT / "training"))
    from prepare import spkatt_split
    _, held = spkatt_split(str(SHARED / "data"))
    held = {p.split("/spkatt-news/")[-1] for p in held}
    for _, path in GOLD:
        art = acts_data.load_gold(path)["article"]
        if art["corpus"] == "spkatt-news":
            assert art["file"].split("/spkatt-news/")[-1] not in held, path.name


@pytest.mark.parametrize("split,path", GOLD, ids=[p.stem for _, p in GOLD])
def test_gold_file_is_sound(split, path, texts):
    gold = acts_data.load_gold(path)
    assert set(gold) == {"article", "relations", "optional"}
    assert gold["relations"], "a gold file without relations"
    assert acts_data.check_gold(gold, texts[path]) == []
    for r in gold["relations"]:
        assert r["lemmas"] and all(t in acts_data.PLOVER_TYPES for t in r["types"]), r["id"]
        for key in ("subject", "object", "subject_optional"):
            assert r[key] is None or (isinstance(r[key], list) and all(r[key])), (r["id"], key)
        # short snippets only: no article text is copied into the repository
        assert all(len(v) <= 150 for v in r.values() if isinstance(v, str)), r["id"]


def _oracle(text: str, gold: dict) -> dict:
    """A system output made from the gold itself: every relation on its trigger with its first type, arguments as
    spans of a snippet near the trigger (or actors named by the snippet), and the source as an attribution."""
    actors, atts, rels = [], [], []

    def argument(snippets, start):
        for s in snippets:
            near = [loc for loc in find_all(text, s) if abs(loc[0] - start) < NEAR]
            if near:
                return [{"start": near[0][0], "end": near[0][1], "text": s}], None
        named = [s for s in snippets if len(s) > 3]
        assert named, f"no snippet of {snippets} within {NEAR} characters of the trigger, none longer than 3"
        actors.append({"id": f"x{len(actors) + 1}", "name": named[0], "mentions": []})
        return [], actors[-1]["id"]

    for g in gold["relations"]:
        start, end = locate(text, g["trigger"], g["context"])
        rel = {"id": g["id"], "type": g["types"][0], "lemma": g["lemmas"][0],
               "trigger": [{"start": start, "end": end, "text": text[start:end]}], "attribution": None}
        for role, snippets in (("subject", g["subject"] or g["subject_optional"]), ("object", g["object"])):
            if snippets:
                rel[role], rel[role + "_actor"] = argument(snippets, start)
        if g["source"]:
            a, b = find_all(text, g["source"])[0]
            atts.append({"id": f"a{len(atts) + 1}", "source": [{"start": a, "end": b, "text": g["source"]}]})
            rel["attribution"] = atts[-1]["id"]
        rels.append(rel)
    return {"relations": rels, "actors": actors, "attributions": atts}


def _degrade(doc: dict, text: str) -> dict:
    """Drop some relations, break the type and lemma of one, the provenance of another, add a spurious one."""
    rels = [dict(r) for i, r in enumerate(doc["relations"]) if i % 3 != 1]
    if rels:
        rels[0] = {**rels[0], "type": "PROTEST", "lemma": "kein-lemma"}
    if len(rels) > 1:
        rels[-1] = {**rels[-1], "attribution": "a-unknown" if rels[-1]["attribution"] is None else None}
    rels.append({"id": "spurious", "type": "ASSAULT", "lemma": "x",
                 "trigger": [{"start": 0, "end": 1, "text": text[:1]}], "attribution": None})
    return {**doc, "relations": rels}


@pytest.mark.parametrize("split,path", GOLD, ids=[p.stem for _, p in GOLD])
def test_a_system_that_finds_the_gold_scores_one(split, path, texts):
    gold = acts_data.load_gold(path)
    s = score_document(path.stem, texts[path], _oracle(texts[path], gold), gold)
    missed = [(r.gold["id"], r.subject_ok, r.object_ok, r.provenance_ok) for r in s.results if r.score < 1]
    assert not missed and s.precision == 1.0


@pytest.mark.parametrize("split,path", GOLD, ids=[p.stem for _, p in GOLD])
def test_same_figures_as_the_leads_scorer(split, path, texts, tmp_path, monkeypatch):
    tools = SHARED / "tools"
    monkeypatch.syspath_prepend(str(tools))
    score_relations = importlib.import_module("score_relations")
    gold = acts_data.load_gold(path)
    text = texts[path]
    doc = _degrade(_oracle(text, gold), text)
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    monkeypatch.setattr(score_relations.qlbars, "analyze_texts", lambda python, named, **kw: {"article": doc})
    monkeypatch.setattr(sys, "argv", ["score_relations.py", sys.executable, str(article), str(path)])
    with contextlib.redirect_stdout(io.StringIO()) as out:
        lead_f1 = score_relations.main()
    ours = score_document(path.stem, text, doc, gold)
    assert ours.f1 == pytest.approx(lead_f1)
    assert f"R={ours.recall:.2f} P={ours.precision:.2f}" in out.getvalue()
