"""Tokenisation and sentence boundaries on real news typography; offsets always point into the original text."""
from __future__ import annotations

import pytest

from quellenlage.analyze import analyze_text


def sentences(nlp, text):
    a = analyze_text(text, nlp=nlp)
    for s in a.sentences:
        assert a.text[s.start:s.end] == s.text
    return [s.text for s in a.sentences]


def test_missing_space_after_sentence_end_splits(nlp):
    text = "Er forderte Reformen im politischen Bereich.Doch, so die Berichte, stieß dies auf Ablehnung."
    assert sentences(nlp, text) == ["Er forderte Reformen im politischen Bereich.",
                                    "Doch, so die Berichte, stieß dies auf Ablehnung."]


def test_missing_space_before_es_wird_angenommen(nlp):
    text = "Er äußert dies nicht öffentlich.Es wird angenommen, dass sein Einfluss begrenzt ist."
    assert len(sentences(nlp, text)) == 2


@pytest.mark.parametrize("text", [
    "Die Delegation traf z.B. Vertreter der Opposition in Berlin.",
    "Dr. Müller sprach am 3. Oktober 2022 vor dem Ausschuss.",
    "Die Delegation aus den U.S. reiste am Montag ab.",
    "Die Inflation lag bei 3.5 Prozent und damit über dem Ziel.",
    "Mehr dazu steht unter https://www.example.org/politik/artikel.html im Netz.",
    "Anfragen bitte an presse.stelle@example.org senden.",
    "Der Umsatz stieg um ca. 5 Mio. Euro im Vergleich zum Vorjahr.",
])
def test_abbreviations_numbers_urls_and_mail_do_not_split(nlp, text):
    assert sentences(nlp, text) == [text]


def test_urls_and_mail_stay_one_token(nlp):
    doc = nlp("Siehe https://www.example.org/a.b und presse.stelle@example.org.")
    texts = [t.text for t in doc]
    assert "https://www.example.org/a.b" in texts and "presse.stelle@example.org" in texts


def test_quote_closing_after_period_stays_in_sentence(nlp):
    text = "„Wir lassen uns nicht drängen.“ Das sagte die Bürgermeisterin am Dienstag."
    assert sentences(nlp, text) == ["„Wir lassen uns nicht drängen.“", "Das sagte die Bürgermeisterin am Dienstag."]


def test_headline_without_period_is_its_own_sentence(nlp):
    text = "Streit um Windpark\n\nDie Gemeinde will das Verfahren aussetzen."
    assert sentences(nlp, text) == ["Streit um Windpark", "Die Gemeinde will das Verfahren aussetzen."]


def test_text_is_the_input_unchanged(nlp):
    text = "  Erster Satz.Zweiter Satz!\r\n\r\nDritter   Satz?  "
    assert analyze_text(text, nlp=nlp).text == text


def test_regnal_numbers_keep_their_period(nlp):
    from quellenlage.nlp.special_cases import roman

    assert [roman(n) for n in (2, 4, 9, 14, 16, 19, 39)] == ["II", "IV", "IX", "XIV", "XVI", "XIX", "XXXIX"]
    doc = nlp("Papst Benedikt XVI. empfing Heinrich VIII. nicht. Karl V. auch nicht.")
    assert [t.text for t in doc][:5] == ["Papst", "Benedikt", "XVI.", "empfing", "Heinrich"]
    assert any(e.text == "Benedikt XVI." and e.label_ == "PER" for e in doc.ents)
    # an ordinary sentence end after a word still splits
    assert len(sentences(nlp, "Er traf Benedikt XVI. in Rom. Danach reiste er ab.")) == 2
