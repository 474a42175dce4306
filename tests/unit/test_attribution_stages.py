"""Each attribution stage on real sentences (written by us, in the style of German news), observed where it ends:
the pipeline runs up to the stage's component and the layer is read from the Doc (docs/architecture.md), so each
test shows what that one stage adds."""
from __future__ import annotations

import pytest

from quellenlage.attribution import layer
from quellenlage.attribution.frames import denial_frames, impersonal_hedges, reported_frames, verb_frames
from quellenlage.attribution.grammar import noun_phrase_after
from quellenlage.attribution.linking import headline_tokens, quotations
from quellenlage.attribution.repair import complete_cue
from quellenlage.nlp.export import actor_list, attribution_list
from quellenlage.nlp.pipeline import attribution_components

pytestmark = pytest.mark.issue(13)

LINKING, FRAMES, REPAIR, CLASSIFY, ACTORS, SCOPE = (
    "quellenlage_attribution_linking", "quellenlage_attribution_frames", "quellenlage_attribution_repair",
    "quellenlage_attribution_classify", "quellenlage_actors", "quellenlage_attribution_scope")


def after(nlp, text: str, stage: str):
    """The Doc with the pipeline run up to and including `stage`."""
    stages = attribution_components(nlp)
    later = stages[stages.index(stage) + 1:]
    with nlp.select_pipes(disable=later):
        return nlp(text)


def joined(spans) -> str:
    return " … ".join(s.text for s in spans)


def only(doc):
    (att,) = attribution_list(doc)
    return att


# --- linking -----------------------------------------------------------------------------------------------------
def test_linking_gives_the_message_its_cue_and_the_cues_source(nlp):
    doc = after(nlp, "„Wir lassen uns nicht unter Druck setzen“, sagte Bürgermeisterin Anna Keller.", LINKING)
    att = only(doc)
    assert joined(att.cue) == "sagte" and joined(att.source) == "Bürgermeisterin Anna Keller"
    assert joined(att.message) == "„Wir lassen uns nicht unter Druck setzen“"
    assert att.origin == "model" and att.parent is None


def test_linking_continues_a_speaker_in_the_next_cueless_sentence(nlp):
    text = "„Wir lassen uns nicht unter Druck setzen“, sagte Bürgermeisterin Anna Keller. „Das Verfahren läuft.“"
    first, second = attribution_list(after(nlp, text, LINKING))
    assert joined(second.message) == "„Das Verfahren läuft.“" and not second.cue
    assert second.continues == first.id and joined(second.source) == "Bürgermeisterin Anna Keller"
    assert second.form == "free_indirect"  # until classification looks at the quotation marks


def test_linking_splits_a_message_run_on_into_the_next_sentence(nlp):
    text = "Die Ministerin sagte am Dienstag, der Plan sei gescheitert. Zudem habe sie einen neuen Vorschlag gemacht."
    head, tail = attribution_list(after(nlp, text, LINKING))
    assert joined(head.cue) == "sagte" and "der Plan sei gescheitert" in joined(head.message)
    assert joined(tail.message) == "Zudem habe sie einen neuen Vorschlag gemacht." and tail.continues == head.id


def test_quotations_pair_german_marks_and_a_blank_line_ends_an_open_one(nlp):
    doc = nlp.make_doc("Er sagte: „Wir bleiben.“ Sie schrieb „Nein\n\nDanach kam »nichts«.")
    assert [doc[q.start:q.end].text for q in quotations(doc)] == ["„Wir bleiben.“", "»nichts«"]


def test_a_headline_without_final_punctuation_is_the_outlets_own_line(nlp):
    doc = nlp.make_doc("Streit um Windpark: Bürgermeisterin will Verfahren aussetzen\n\nDie Gemeinde prüft.")
    assert doc[min(headline_tokens(doc))].text == "Streit" and doc[max(headline_tokens(doc))].text == "aussetzen"
    assert not headline_tokens(nlp.make_doc("Die Gemeinde prüft das Gutachten.\n\nMehr folgt."))


# --- rule frames -------------------------------------------------------------------------------------------------
def test_laut_frame_takes_the_whole_source_phrase_and_the_rest_of_the_sentence(nlp):
    doc = after(nlp, "Laut einem Bericht des Hunsrücker Anzeigers hat Bürgermeisterin Anna Keller dem Landrat "
                     "vorgeschlagen, das Verfahren auszusetzen.", LINKING)
    (frame,) = reported_frames(doc)
    assert [doc[s.start:s.end].text for s in frame.cue] == ["Laut"]
    assert [doc[s.start:s.end].text for s in frame.source] == ["einem Bericht des Hunsrücker Anzeigers"]
    assert doc[frame.message[0].start].text == "hat" and frame.form == "reported" and frame.rule == "reported"


def test_so_frame_replaces_the_taggers_cue_and_source(nlp):
    text = "Das Projekt sei rechtlich einwandfrei geplant, so Landrat Thomas Berger."
    assert not only(after(nlp, text, LINKING)).cue  # the tagger found the message only
    att = only(after(nlp, text, FRAMES))
    assert joined(att.cue) == "so" and joined(att.source) == "Landrat Thomas Berger"
    assert joined(att.message) == "Das Projekt sei rechtlich einwandfrei geplant"
    assert att.origin == "model+rule" and att.form == "reported"


def test_denial_frame_takes_the_denied_object_as_message(nlp):
    doc = after(nlp, "Der Betreiber, die Windkraft Soonwald GmbH, bestritt die Vorwürfe.", LINKING)
    (frame,) = denial_frames(doc, blocked=set())
    assert doc[frame.cue[0].start].text == "bestritt"
    assert doc[frame.source[0].start:frame.source[0].end].text == "Der Betreiber"
    assert doc[frame.message[0].start:frame.message[0].end].text == "die Vorwürfe"


def test_impersonal_hedge_has_no_source_and_drops_the_complementizer(nlp):
    doc = after(nlp, "Es wird angenommen, dass der Kreistag im März über das Projekt entscheidet.", LINKING)
    (frame,) = impersonal_hedges(doc)
    assert doc[frame.cue[0].start:frame.cue[0].end].text == "wird angenommen" and not frame.source
    assert doc[frame.message[0].start].text == "der" and frame.epistemic == "hedged"


def test_verb_frame_finds_the_subject_before_the_speech_verb(nlp):
    doc = after(nlp, "Westliche Quellen berichten, dass sie ihn seit 2022 mehrfach getroffen haben.", LINKING)
    (frame,) = verb_frames(doc, blocked=set(), max_adverbs_after_cue=2)
    assert doc[frame.source[0].start:frame.source[0].end].text == "Westliche Quellen"
    assert doc[frame.message[0].start].text == "sie"  # "dass" left out


def test_noun_phrase_keeps_genitives_and_inner_prepositions(nlp):
    doc = after(nlp, "Nach Angaben von Quellen aus dem Umfeld des Kremls wurde der Plan verworfen.", LINKING)
    np = noun_phrase_after(doc, 3, len(doc))
    assert doc[np.start:np.end].text == "Quellen aus dem Umfeld des Kremls"


# --- repair ------------------------------------------------------------------------------------------------------
def test_repair_adds_the_separated_particle_of_the_cue(nlp):
    text = "Das Ministerium teilte am Montag mit, dass die Straße gesperrt bleibe."
    assert joined(only(after(nlp, text, FRAMES)).cue) == "mit"  # the tagger marked the particle only
    assert joined(only(after(nlp, text, REPAIR)).cue) == "teilte … mit"


def test_complete_cue_finds_the_particle_at_the_end_of_the_clause(nlp):
    doc = after(nlp, "Die Firma wies die Vorwürfe am Dienstag zurück.", LINKING)
    verb = next(t.i for t in doc if t.text == "wies")
    cue = complete_cue(doc, layer.Segment(verb, verb + 1), message=set())
    assert [doc[s.start].text for s in cue] == ["wies", "zurück"]
    assert complete_cue(doc, layer.Segment(verb, verb + 1), message=set(), reach=3) == [layer.Segment(verb, verb + 1)]


def test_repair_turns_a_konjunktiv_run_on_into_a_continuation_of_its_speaker(nlp):
    text = "Die Ministerin sagte am Dienstag, der Plan sei gescheitert. Zudem habe sie einen neuen Vorschlag gemacht."
    head, tail = attribution_list(after(nlp, text, REPAIR))
    assert tail.continues == head.id and tail.origin == "rule"  # the whole sentence, found by the run-on rule
    assert joined(tail.source) == joined(head.source) == "Die Ministerin"


def test_repair_nests_a_statement_whose_cue_lies_in_a_reports_message(nlp, kozak_text):
    atts = attribution_list(after(nlp, kozak_text, REPAIR))
    nyt = next(a for a in atts if joined(a.cue) == "Laut Berichten")
    says = next(a for a in atts if joined(a.cue) == "geäußert")
    assert says.parent == nyt.id and nyt.parent is None


# --- classification ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, form, medium, epistemic", [
    ("„Wir lassen uns nicht unter Druck setzen“, sagte Bürgermeisterin Anna Keller.", "direct", "speech", "reported"),
    ("Die Ministerin glaubt, dass der Plan scheitern werde.", "indirect", "thought", "reported"),
    ("Der Betreiber, die Windkraft Soonwald GmbH, bestritt die Vorwürfe.", "indirect", "speech", "denied"),
    ("Es wird angenommen, dass der Kreistag im März über das Projekt entscheidet.", "indirect", "thought", "hedged"),
    ("Das Projekt sei rechtlich einwandfrei geplant, so Landrat Thomas Berger.", "reported", "speech", "reported"),
])
def test_classification(nlp, text, form, medium, epistemic):
    att = only(after(nlp, text, CLASSIFY))
    assert (att.form, att.medium, att.epistemic) == (form, medium, epistemic)


def test_classification_shapes_a_runon_to_its_whole_sentence(nlp):
    text = "Die Ministerin sagte am Dienstag, der Plan sei gescheitert. Zudem habe sie einen neuen Vorschlag gemacht."
    _, tail = attribution_list(after(nlp, text, REPAIR))
    assert joined(tail.message) == "Zudem habe sie einen neuen Vorschlag gemacht"
    _, tail = attribution_list(after(nlp, text, CLASSIFY))
    assert joined(tail.message) == "Zudem habe sie einen neuen Vorschlag gemacht." and tail.form == \
        "indirect_free_indirect"


def test_classification_sets_the_frame_to_the_rest_of_the_cues_sentence(nlp):
    att = only(after(nlp, "Das Ministerium teilte am Montag mit, dass die Straße gesperrt bleibe.", CLASSIFY))
    assert joined(att.frame) == "Das Ministerium teilte am Montag mit,"  # only final punctuation is trimmed


# --- actors ------------------------------------------------------------------------------------------------------
def test_actors_group_a_name_and_its_surname_and_take_the_title_as_role(nlp):
    text = ("Bürgermeisterin Anna Keller lehnte den Plan ab. „Wir lassen uns nicht unter Druck setzen“, sagte "
            "Keller am Dienstag.")
    doc = after(nlp, text, ACTORS)
    people = [a for a in actor_list(doc) if a.type == "person"]
    assert [(p.name, [m.text for m in p.mentions], p.roles) for p in people] == [
        ("Anna Keller", ["Anna Keller", "Keller"], ["Bürgermeisterin"])]
    quote = next(a for a in attribution_list(doc) if a.form == "direct")
    assert quote.source_actor == people[0].id and quote.source_type == "official"  # "Bürgermeisterin"


def test_actors_name_the_organisation_in_apposition_to_a_description(nlp):
    doc = after(nlp, "Der Betreiber, die Windkraft Soonwald GmbH, bestritt die Vorwürfe.", ACTORS)
    att = only(doc)
    actor = next(a for a in actor_list(doc) if a.id == att.source_actor)
    assert actor.name == "Windkraft Soonwald GmbH" and actor.type == "organisation"
    assert att.source_type == "organisation"


def test_actors_resolve_the_outlet_description_to_the_outlet(nlp, kozak_text):
    doc = after(nlp, kozak_text, ACTORS)
    actors = {a.id: a for a in actor_list(doc)}
    so = next(a for a in attribution_list(doc) if joined(a.source) == "die Berichte des Mediums")
    assert actors[so.source_actor].name == "The New York Times" and so.source_type == "outlet"


# --- scope -------------------------------------------------------------------------------------------------------
def test_scope_nests_anonymous_sources_under_the_outlets_report(nlp, kozak_text):
    before = {a.id: a for a in attribution_list(after(nlp, kozak_text, ACTORS))}
    done = attribution_list(after(nlp, kozak_text, SCOPE))
    scoped = [a for a in done if a.origin.endswith("+report-scope")]
    assert scoped and all(a.source_type == "anonymous" for a in scoped)
    assert all(before[a.id].parent is None and a.parent is not None for a in scoped)
    reports = {a.parent for a in scoped}
    assert all(next(x for x in done if x.id == r).source_type == "outlet" for r in reports)
