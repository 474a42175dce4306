"""The German pipeline: Konjunktiv I mood, lemmas and entities on real sentences."""
from __future__ import annotations


def mood(nlp, text, word):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    return tok.morph.get("Mood")


def test_konjunktiv_i_is_tagged_as_subjunctive(nlp):
    assert mood(nlp, "Kozak habe dem Präsidenten vorgeschlagen, die Kämpfe einzustellen.", "habe") == ["Sub"]
    assert mood(nlp, "Es sei notwendig, den Konflikt zu beenden.", "sei") == ["Sub"]


def test_indicative_stays_indicative(nlp):
    assert "Sub" not in mood(nlp, "Kozak hat dem Präsidenten einen Vorschlag gemacht.", "hat")
    assert "Sub" not in mood(nlp, "Ich habe das nicht gewusst.", "habe")


def test_lemmas_from_simplemma(nlp):
    doc = nlp("Die Ministerin behauptete, die Berichte seien falsch.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["behauptete"] == "behaupten" and lemmas["Berichte"] == "Bericht"


def test_entities_in_a_german_article(nlp, kozak_text):
    doc = nlp(kozak_text)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Reuters", "ORG") in ents
    assert any(e.label_ == "PER" and "Kozak" in e.text for e in doc.ents)
    assert any(e.label_ == "PER" and "Kiriyenko" in e.text for e in doc.ents)
    assert any(e.label_ == "LOC" and e.text == "Ukraine" for e in doc.ents)
