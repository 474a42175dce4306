"""Issue 3 on the example article we wrote ourselves (src/quellenlage/examples): each construction once."""
from __future__ import annotations

import pytest

from quellenlage.analyze import analyze_text
from quellenlage.cli import EXAMPLE_ARTICLE
from test_kozak_report import actor, find, joined

pytestmark = pytest.mark.issue(3)


@pytest.fixture(scope="module")
def beispiel(nlp):
    return analyze_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"), nlp=nlp, source_path=str(EXAMPLE_ARTICLE))


def test_direct_quote_with_speaker(beispiel):
    quote = find(beispiel, cue="sagte", message="Wir lassen uns nicht unter Druck setzen")
    assert quote.form == "direct" and actor(beispiel, quote.source_actor).name == "Anna Keller"


def test_outlet_report_contains_the_mayors_proposal(beispiel):
    report = find(beispiel, cue="Laut", source="Hunsrücker Anzeigers")
    assert report.source_type == "outlet" and actor(beispiel, report.source_actor).name == "Hunsrücker Anzeiger"
    proposal = find(beispiel, cue="vorgeschlagen")
    assert proposal.parent == report.id and actor(beispiel, proposal.source_actor).name == "Anna Keller"


def test_so_x_is_reported_and_a_landrat_is_an_official(beispiel):
    so = find(beispiel, cue="so", source="Berger", message="rechtlich einwandfrei")
    assert so.form == "reported" and so.source_type == "official"
    assert "Landrat" in actor(beispiel, so.source_actor).roles


def test_anonymous_ministry_circles_and_their_konjunktiv_runon(beispiel):
    circles = find(beispiel, source="Kreise aus dem Umweltministerium", cue="behaupten")
    assert circles.source_type == "anonymous"
    more = find(beispiel, message="Es fehle eine Untersuchung")
    assert more.continues == circles.id and more.form == "indirect_free_indirect"


def test_denial_names_the_company_behind_the_description(beispiel):
    denial = find(beispiel, cue="bestritt")
    assert denial.epistemic == "denied"
    company = actor(beispiel, denial.source_actor)
    assert company.name == "Windkraft Soonwald GmbH" and company.type == "organisation"


def test_hedge_without_source(beispiel):
    hedge = find(beispiel, cue="wird angenommen")
    assert hedge.epistemic == "hedged" and hedge.source_type == "unattributed"
    assert "Kreistag im März" in joined(hedge.message)


def test_nach_angaben_names_the_outlet(beispiel):
    kurier = find(beispiel, cue="Nach Angaben")
    assert kurier.source_type == "outlet" and kurier.form == "reported"
    assert "Verwaltungsgericht Koblenz" in joined(kurier.message)


def test_the_headline_is_the_outlets_own_assertion_not_speech(beispiel):
    headline = beispiel.text.split("\n", 1)[0]
    assert headline.startswith("Streit um Windpark")
    assert not [a for a in beispiel.attributions if any(m.end <= len(headline) for m in a.message)]


def test_a_cued_statement_in_a_headline_is_kept(nlp):
    text = "Keller: Gutachten sei lückenhaft, sagte die Bürgermeisterin\n\nDer Streit geht weiter."
    got = analyze_text(text, nlp=nlp)
    assert any(a.cue and a.message[0].end <= text.index("\n") for a in got.attributions)
