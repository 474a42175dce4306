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
    from quellenlage.nlp.pipeline import load_pipeline
    return load_pipeline(language="en")


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
    doc = nlp_en("Senator Elizabeth Warren of Massachusetts criticized the Federal Reserve in Washington.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Elizabeth Warren") == "PER"
    assert ents.get("Massachusetts") == "LOC"
    assert ents.get("Federal Reserve") == "ORG" or ents.get("the Federal Reserve") == "ORG"


def test_english_lemmas_and_pos(nlp_en):
    doc = nlp_en("The officials were saying that the bridges had closed.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["were"] == "be" and lemmas["saying"] == "say" and lemmas["bridges"] == "bridge"
    assert [t.pos_ for t in doc][:2] == ["DET", "NOUN"]
