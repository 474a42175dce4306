"""Issue 3 on the real report ../shared/examples/kozak-nyt-report.de.txt (read in place, never copied):
every attribution the issue names, with source, source type, nesting and continuation; nothing invented."""
from __future__ import annotations

import pytest

from quellenlage.analyze import analyze_text

pytestmark = pytest.mark.issue(3)


@pytest.fixture(scope="module")
def kozak(nlp, kozak_text):
    return analyze_text(kozak_text, nlp=nlp, source_path="kozak-nyt-report.de.txt")


def joined(spans):
    return " ".join(s.text for s in spans)


def find(analysis, *, source=None, cue=None, message=None):
    hits = [a for a in analysis.attributions
            if (source is None or source in joined(a.source))
            and (cue is None or cue in joined(a.cue))
            and (message is None or message in joined(a.message))]
    assert hits, f"no attribution with source~{source!r} cue~{cue!r} message~{message!r}: " + \
        "; ".join(f"[{joined(a.source)}|{joined(a.cue)}|{joined(a.message)[:50]}]" for a in analysis.attributions)
    return hits[0]


def actor(analysis, actor_id):
    return next(a for a in analysis.actors if a.id == actor_id)


def test_new_york_times_report_is_an_outlet_source(kozak):
    nyt = find(kozak, cue="Laut", source="New York Times")
    assert nyt.source_type == "outlet" and nyt.form == "reported"
    assert "New York Times" in actor(kozak, nyt.source_actor).name
    assert actor(kozak, nyt.source_actor).type == "outlet"


def test_kozak_statement_is_nested_in_the_nyt_report(kozak):
    nyt = find(kozak, cue="Laut", source="New York Times")
    kozak_says = find(kozak, cue="geäußert", message="notwendig sei")
    assert kozak_says.parent == nyt.id
    assert actor(kozak, kozak_says.source_actor).name == "Dmitry Kozak"
    assert kozak_says.source_type == "person"


def test_kremlin_sources_are_anonymous_and_their_runon_speech_continues_them(kozak):
    kremlin = find(kozak, source="Quellen aus dem Umfeld des Kremls")
    assert kremlin.source_type == "anonymous"
    assert "behaupten" in joined(kremlin.cue)
    assert "Kozak habe dem russischen Präsidenten" in joined(kremlin.message)
    more = find(kozak, message="für tiefgreifende Reformen")
    assert more.continues == kremlin.id and not more.cue
    assert more.source_actor == kremlin.source_actor
    assert more.form == "indirect_free_indirect"


def test_so_die_berichte_des_mediums_resolves_to_the_new_york_times(kozak):
    nyt = find(kozak, cue="Laut", source="New York Times")
    so = find(kozak, cue="so", source="die Berichte des Mediums")
    assert so.form == "reported" and so.source_type == "outlet"
    assert so.source_actor == nyt.source_actor
    assert "stieß dieser Vorschlag auf Ablehnung" in joined(so.message)


def test_close_circles_in_the_kremlin_are_anonymous(kozak):
    circles = find(kozak, source="Nahestehende Kreise")
    assert circles.source_type == "anonymous" and "betonen" in joined(circles.cue)


def test_es_wird_angenommen_is_hedged_and_unattributed(kozak):
    hedge = find(kozak, message="Kozaks Einfluss auf die Entscheidungsträger begrenzt ist")
    assert hedge.epistemic == "hedged" and hedge.source_type == "unattributed" and not hedge.source


def test_western_sources_and_their_continuation(kozak):
    west = find(kozak, source="Westliche Quellen")
    assert west.source_type == "anonymous" and "berichten" in joined(west.cue)
    more = find(kozak, message="wiederholt um Argumente gebeten")
    assert more.continues == west.id and more.source_actor == west.source_actor


def test_reuters_2022_report(kozak):
    reuters = find(kozak, source="Reuters")
    assert reuters.source_type == "outlet" and "berichtet" in joined(reuters.cue)
    assert "Kozak versucht hatte" in joined(reuters.message)


def test_nothing_invented(kozak):
    for a in kozak.attributions:
        text = joined(a.cue) + " " + joined(a.message)
        assert "versuchte" not in joined(a.cue), "the headline's 'versuchte' is no speech cue"
        assert "Entscheidungsbefugnisse" not in text, "the transfer of powers is the outlet's own statement"
    assert len(kozak.attributions) <= 14


def test_actors_with_roles_and_one_referent_per_person(kozak):
    people = {a.name: a for a in kozak.actors if a.type == "person"}
    assert "Dmitry Kozak" in people and "Wladimir Putin" in people
    assert not any(name in people for name in ("Kozak", "Kozaks", "Putins"))
    assert "einer der engsten und treuesten Weggefährten Wladimir Putins" in people["Dmitry Kozak"].roles
    kiri = next(a for a in kozak.actors if "Kiriyenko" in a.name)
    assert "der stellvertretende Leiter der Präsidialverwaltung" in kiri.roles
    assert len(people["Dmitry Kozak"].mentions) >= 5


def test_multiword_cue_machte_deutlich(kozak):
    putin = find(kozak, cue="machte", message="für einen Fehler hält")
    assert "deutlich" in joined(putin.cue) and actor(kozak, putin.source_actor).name == "Wladimir Putin"


def test_spans_never_start_or_end_with_whitespace(kozak):
    for a in kozak.attributions:
        for role in ("cue", "source", "message", "addressee", "frame"):
            for s in getattr(a, role):
                assert s.text == s.text.strip() and s.text, (a.id, role, s.text)
