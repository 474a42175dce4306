"""The English pack: language detection, the English pipeline's entities and attributions on English sentences.

The sentences are written for these tests in the manner of US local and political news.
"""
from __future__ import annotations

import pytest

from quellenlage.lang.detect import detect_language

FIRE = ("The fire chief said the blaze at the warehouse on Elm Street was contained by Tuesday evening. "
        "No one was hurt.")
OFFICIALS = "Officials said the bridge over the Hudson River would reopen in May after repairs."
COUNTY = "According to the county, the water is safe to drink again. The water had been tested twice."
QUOTE = "“We will not raise taxes,” Governor Maria Lopez told reporters in Albany on Tuesday."
HEDGE = "The senator reportedly met with lobbyists from the oil industry last week."


@pytest.fixture(scope="session")
def nlp_en():
    from quellenlage.lang import language_pack
    from quellenlage.nlp.pipeline import load_pipeline
    return load_pipeline(str(language_pack("en").model_dir))


def attributions(nlp_en, text):
    from quellenlage.nlp.export import attribution_list

    doc = nlp_en(text)
    return doc, attribution_list(doc)


def only(atts):
    assert len(atts) == 1, [(a.cue, a.source, a.message) for a in atts]
    return atts[0]


def texts(spans):
    return [s.text for s in spans]


def test_detects_english_and_german_news():
    assert detect_language(OFFICIALS) == "en"
    assert detect_language(COUNTY) == "en"
    assert detect_language("Die Feuerwehr teilte am Dienstag mit, der Brand sei gelöscht.") == "de"
    assert detect_language("Kozak habe dem Präsidenten vorgeschlagen, die Kämpfe einzustellen.") == "de"
    assert detect_language("Tuesday") == "en"


def test_detector_keeps_default_for_texts_without_letters():
    assert detect_language("") == "de"
    assert detect_language("12.05. – 3:1") == "de"


def test_fire_chief_said(nlp_en):
    _, atts = attributions(nlp_en, FIRE)
    a = only(atts)
    assert texts(a.cue) == ["said"]
    assert texts(a.source) == ["The fire chief"]
    assert "the blaze at the warehouse" in a.message[0].text
    assert a.form == "indirect" and a.source_type == "official"


def test_officials_said(nlp_en):
    doc, atts = attributions(nlp_en, OFFICIALS)
    a = only(atts)
    assert texts(a.source) == ["Officials"] and texts(a.cue) == ["said"]
    assert a.message[0].text.startswith("the bridge over the Hudson River would reopen")
    assert a.source_type == "anonymous"


def test_according_to_the_county(nlp_en):
    _, atts = attributions(nlp_en, COUNTY)
    a = only(atts)
    assert texts(a.source) == ["the county"]
    assert texts(a.cue) == ["According to"]
    assert a.message[0].text.startswith("the water is safe to drink")
    assert a.form == "reported"


def test_direct_quote_with_inverted_frame(nlp_en):
    _, atts = attributions(nlp_en, QUOTE)
    a = only(atts)
    assert "We will not raise taxes" in a.message[0].text
    assert any("Lopez" in s.text for s in a.source)
    assert a.form == "direct" and a.source_type == "person"


def test_reportedly_is_a_hedged_claim_without_source(nlp_en):
    _, atts = attributions(nlp_en, HEDGE)
    a = only(atts)
    assert a.epistemic == "hedged"
    assert "met with lobbyists" in " ".join(texts(a.message))


def test_days_months_and_common_nouns_are_not_entities(nlp_en):
    doc = nlp_en(FIRE + " " + OFFICIALS + " " + COUNTY)
    ents = {e.text: e.label_ for e in doc.ents}
    assert "Tuesday" not in ents
    assert "May" not in ents
    assert not any(e.text.lower().startswith("the water") for e in doc.ents)
    assert ents.get("Hudson River") == "LOC"


def test_english_names_get_their_types(nlp_en):
    doc = nlp_en("Senator Elizabeth Warren of Massachusetts met Microsoft and the United Nations in Geneva.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Elizabeth Warren") == "PER"  # the title is no part of the name
    assert ents.get("Massachusetts") == "LOC" and ents.get("Geneva") == "LOC"
    assert ents.get("Microsoft") == "ORG" and ents.get("United Nations") == "ORG"


def test_english_lemmas_and_pos(nlp_en):
    doc = nlp_en("The officials were saying that the bridges had closed.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["were"] == "be" and lemmas["saying"] == "say" and lemmas["bridges"] == "bridge"
    assert [t.pos_ for t in doc][:2] == ["DET", "NOUN"]


def test_analyze_picks_the_english_pack_without_a_flag():
    from quellenlage.analyze import analyze_text

    analysis = analyze_text(FIRE + " " + COUNTY)
    assert analysis.document.language == "en"
    assert analysis.pipeline["model"].startswith("quellenlage_en_core")
    sources = {s.text for a in analysis.attributions for s in a.source}
    assert {"The fire chief", "the county"} <= sources


def test_a_named_language_wins_over_detection(tmp_path):
    import json

    from quellenlage.analyze import analyze_articles
    from quellenlage.ingest.reader import iter_articles

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": OFFICIALS, "language": "en-US"}) + "\n"
                    + json.dumps({"text": "Die Polizei teilte mit, der Brand sei gelöscht."}) + "\n", encoding="utf-8")
    first, second = analyze_articles(iter_articles([str(path)], max_bytes=100_000))
    assert first.document.language == "en-US"  # as the input names it; its pack is the English one
    assert first.pipeline["model"].startswith("quellenlage_en_core")
    assert second.document.language == "de" and second.pipeline["model"].startswith("quellenlage_de_core")


def test_cli_language_option(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "report.txt"
    path.write_text(OFFICIALS, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "quellenlage", "analyze", str(path), "--format", "json",
                          "--language", "en"], capture_output=True, text=True, check=True).stdout
    doc = json.loads(out)
    assert doc["document"]["language"] == "en"
    assert [s["text"] for s in doc["attributions"][0]["source"]] == ["Officials"]
    bad = subprocess.run([sys.executable, "-m", "quellenlage", "analyze", str(path), "--language", "fr"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no language pack" in bad.stderr
