"""The one chain API on `Analysis` (ancestors, root_source, continuation_of, speaker, actors_about, …), on real
analyses of ../shared/examples/kozak-nyt-report.de.txt (read in place) and of our own example article, and on a
hand-built analysis of sentences we wrote for the cases the pipeline rarely produces."""
from __future__ import annotations

import dataclasses

import pytest

from quellenlage.analyze import analyze_text
from quellenlage.cli import EXAMPLE_ARTICLE
from quellenlage.model import Actor, Analysis, Attribution, DocumentMeta, Mention, Span, content_id, follow

pytestmark = pytest.mark.issue(13)


@pytest.fixture(scope="module")
def kozak(nlp, kozak_text) -> Analysis:
    return analyze_text(kozak_text, nlp=nlp, source_path="kozak-nyt-report.de.txt")


@pytest.fixture(scope="module")
def beispiel(nlp) -> Analysis:
    return analyze_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"), nlp=nlp, source_path="beispiel")


def joined(spans) -> str:
    return " ".join(s.text for s in spans)


def find(analysis: Analysis, *, source: str = "", cue: str = "", message: str = "") -> Attribution:
    return next(a for a in analysis.attributions
                if source in joined(a.source) and cue in joined(a.cue) and message in joined(a.message))


def ids(atts) -> list[str]:
    return [a.id for a in atts]


def test_statement_inside_a_report_has_the_report_as_its_root_source(kozak):
    nyt = find(kozak, cue="Laut", source="New York Times")
    says = find(kozak, cue="geäußert", message="notwendig sei")
    assert kozak.enclosing(says) is nyt
    assert ids(kozak.ancestors(says)) == [nyt.id] and ids(kozak.chain(says)) == [nyt.id, says.id]
    assert kozak.root_source(says) is nyt and kozak.root_source(nyt) is nyt
    assert kozak.outermost_outlet(says) is nyt
    assert kozak.ancestors(nyt) == [] and kozak.chain(nyt) == [nyt]


def test_a_continuation_is_nested_where_what_it_continues_is_nested(kozak):
    nyt = find(kozak, cue="Laut", source="New York Times")
    kremlin = find(kozak, source="Quellen aus dem Umfeld des Kremls", cue="behaupten")
    more = find(kozak, message="für tiefgreifende Reformen")
    assert kozak.continuation_of(more) is kremlin and kozak.continuation_head(more) is kremlin
    assert kozak.continuation_of(kremlin) is None and kozak.continuation_head(kremlin) is kremlin
    # the Kremlin sources are the speaker, not a source reporting the speaker: not an ancestor
    assert ids(kozak.ancestors(more)) == [nyt.id] == ids(kozak.ancestors(kremlin))
    assert kozak.root_source(more) is nyt
    assert kozak.speaker(more) is more and kozak.source_actor(more).name == "Quellen aus dem Umfeld des Kremls"


def test_continuation_of_a_top_level_speaker_has_no_ancestors(beispiel):
    """The case on which two of the old walks disagreed: the KB put the continued attribution into the chain."""
    keller = find(beispiel, cue="betont", message="mehr Zeit")
    more = find(beispiel, message="Bürgerbefragung")
    assert more.continues == keller.id and more.parent is None and keller.parent is None
    assert beispiel.ancestors(more) == [] and beispiel.chain(more) == [more]
    assert beispiel.root_source(more) is more
    assert beispiel.source_actor(more).name == "Anna Keller"


def test_actors_about_are_the_actors_mentioned_in_the_message(kozak):
    kremlin = find(kozak, source="Quellen aus dem Umfeld des Kremls", cue="behaupten")
    assert [x.name for x in kozak.actors_about(kremlin)] == ["Dmitry Kozak"]
    putin = find(kozak, cue="machte", message="für einen Fehler hält")
    about = {x.name for x in kozak.actors_about(putin)}
    assert "Ukraine" in about and "Dmitry Kozak" not in about
    hedge = find(kozak, cue="angenommen")
    assert [x.name for x in kozak.actors_about(hedge)] == ["Dmitry Kozak"]  # "Kozaks Einfluss ..."


def test_display_tree_hangs_continuations_under_what_they_continue(kozak):
    roots, children = kozak.chain_tree()
    nyt = find(kozak, cue="Laut", source="New York Times")
    kremlin = find(kozak, source="Quellen aus dem Umfeld des Kremls", cue="behaupten")
    more = find(kozak, message="für tiefgreifende Reformen")
    assert nyt in roots and kremlin in children[nyt.id] and children[kremlin.id] == [more]
    shown = roots + [a for kids in children.values() for a in kids]
    assert sorted(ids(shown)) == sorted(ids(kozak.attributions))  # every attribution once


TEXT = ("Laut einem Bericht der Rheinpfalz sagte der Landrat Peter Brandt, die Schule müsse schließen. "
        "Die Kosten seien zu hoch. Außerdem fehle es an Lehrern.")


def span(part: str) -> Span:
    i = TEXT.index(part)
    return Span(i, i + len(part), part)


@pytest.fixture()
def hand_built() -> Analysis:
    """A report (t1), a statement in it (t2) and two run-on sentences after the statement (t3, t4), the second
    continuing the first; the run-ons carry no source of their own and no parent."""
    atts = [
        Attribution(id="t1", cue=[span("Laut")], source=[span("einem Bericht der Rheinpfalz")],
                    message=[span("sagte der Landrat Peter Brandt, die Schule müsse schließen")],
                    source_type="outlet", source_actor="a1", form="reported"),
        Attribution(id="t2", cue=[span("sagte")], source=[span("der Landrat Peter Brandt")],
                    message=[span("die Schule müsse schließen")], source_type="official", source_actor="a2",
                    parent="t1"),
        Attribution(id="t3", message=[span("Die Kosten seien zu hoch.")], continues="t2",
                    form="indirect_free_indirect"),
        Attribution(id="t4", message=[span("Außerdem fehle es an Lehrern.")], continues="t3",
                    form="indirect_free_indirect"),
    ]
    brandt = span("Peter Brandt")
    actors = [Actor(id="a1", name="Rheinpfalz", type="outlet", mentions=[Mention(**vars(span("Rheinpfalz")))]),
              Actor(id="a2", name="Peter Brandt", type="person", mentions=[Mention(**vars(brandt))])]
    return Analysis(document=DocumentMeta(id=content_id(TEXT)), text=TEXT, actors=actors, attributions=atts)


def test_a_run_of_continuations_shares_its_heads_chain_and_speaker(hand_built):
    a = hand_built
    t1, t2, t3, t4 = a.attributions
    assert a.continuation_head(t4) is t2 and a.continuation_of(t4) is t3
    assert a.ancestors(t4) == [t1] == a.ancestors(t3)  # two steps from the statement, still inside the report
    assert a.speaker(t4) is t2 and a.source_actor(t4).name == "Peter Brandt"
    assert a.outermost_outlet(t4) is t1 and a.root_source(t4) is t1
    assert a.actors_about(t1) == [a.actor("a2")] and a.actors_about(t4) == []


def test_dangling_links_and_cycles_end_the_walk(hand_built):
    a = hand_built
    t1, t2, t3, t4 = a.attributions
    t3.continues = "t4"  # a cycle t3 <-> t4, as damaged data could have it
    assert {x.id for x in follow(t4, a.continuation_of)} == {"t3", "t4"}
    assert a.ancestors(t4) == []
    t2.parent = "t99"  # an id that is not in the analysis
    assert a.enclosing(t2) is None and a.root_source(t2) is t2


def test_index_follows_a_replaced_attribution_list(hand_built):
    a = hand_built
    assert a.attribution("t2") is not None
    b = dataclasses.replace(a, attributions=a.attributions[:1])
    assert b.attribution("t2") is None and a.attribution("t2") is not None
    a.attributions = a.attributions[:2]
    assert a.attribution("t3") is None
    assert "_chain_index" not in a.to_dict()
