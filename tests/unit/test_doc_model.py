"""The data model inside the pipeline (docs/architecture.md): span groups and plain records that spaCy itself can
check (`analyze_pipes`) and serialise (`DocBin`), on the real report ../shared/examples/kozak-nyt-report.de.txt."""
from __future__ import annotations

import json

import pytest
from spacy.tokens import DocBin

from quellenlage.model import Article
from quellenlage.nlp.export import doc_to_analysis
from quellenlage.nlp.extensions import ACTOR_MENTIONS, ATTRIBUTION_ROLES, attribution_key
from quellenlage.nlp.pipeline import ATTRIBUTION_FACTORIES, attribution_components, pipeline_versions

pytestmark = pytest.mark.issue(13)


@pytest.fixture(scope="module")
def kozak_doc(nlp, kozak_text):
    return nlp(kozak_text)


def test_analyze_pipes_reports_no_problems(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    # one writer per token attribute: the word class stays in token.tag, the role labels have their own place
    writers: dict[str, list[str]] = {}
    for name, meta in analysis["summary"].items():
        for attr in meta["assigns"]:
            if attr.startswith("token."):
                writers.setdefault(attr, []).append(name)
    assert {attr: names for attr, names in writers.items() if len(names) > 1} == {"token.morph": [
        "morphologizer", "quellenlage_mood"]}  # the mood repair refines the morphologizer's output on purpose
    assert writers["token.tag"] == ["quellenlage_word_class"]


def test_every_attribution_component_is_registered_with_its_settings(nlp):
    names = attribution_components(nlp)
    assert [nlp.get_pipe_meta(n).factory for n in names] == list(ATTRIBUTION_FACTORIES)
    config = nlp.config["components"]
    assert config["quellenlage_attribution_repair"]["runon_reach"] == 60
    assert config["quellenlage_attribution_linking"]["max_continuation_gap"] == 2
    assert config["quellenlage_attribution_classify"]["direct_share"] == 0.6
    assert set(names) <= set(pipeline_versions(nlp)["components"].split(","))


def test_layer_lives_in_span_groups_and_plain_records(kozak_doc):
    doc = kozak_doc
    records = doc._.attributions
    assert records and all(isinstance(r, dict) for r in records)
    ids = [r["id"] for r in records]
    assert ids == [f"t{i + 1}" for i in range(len(ids))]
    for role in ATTRIBUTION_ROLES:
        assert {span.id_ for span in doc.spans[attribution_key(role)]} <= set(ids)
    assert {span.id_ for span in doc.spans[attribution_key("message")]} == set(ids)
    nyt = next(r for r in records if any(s.id_ == r["id"] and "New York Times" in s.text
                                         for s in doc.spans[attribution_key("source")]))
    assert nyt["source_type"] == "outlet" and nyt["form"] == "reported"
    actors = {a["id"]: a for a in doc._.actors}
    kozak_mentions = [s.text for s in doc.spans[ACTOR_MENTIONS]
                      if actors[s.id_]["name"] == "Dmitry Kozak"]
    assert "Dmitry Kozak" in kozak_mentions and "Kozak" in kozak_mentions and len(kozak_mentions) >= 5
    assert len(doc._.attribution_roles) == len(doc) and doc._.attribution_roles[0].startswith("M-")


def test_docbin_round_trip_keeps_every_attribution_and_actor(nlp, kozak_doc, kozak_text):
    data = DocBin(docs=[kozak_doc], store_user_data=True).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    article = Article(text=kozak_text, source_path="kozak-nyt-report.de.txt")
    before = doc_to_analysis(kozak_doc, article, pipeline_versions(nlp))
    after = doc_to_analysis(restored, article, pipeline_versions(nlp))
    assert len(after.attributions) == len(before.attributions) >= 10
    assert len(after.actors) == len(before.actors) >= 10
    assert json.dumps(after.to_dict(), sort_keys=True) == json.dumps(before.to_dict(), sort_keys=True)
    says = next(a for a in after.attributions if [s.text for s in a.cue] == ["geäußert"])
    assert after.source_actor(says).name == "Dmitry Kozak"
    assert after.root_source(says).source_type == "outlet"


def test_an_acts_component_only_writes_relation_spans_and_records(nlp):
    """The contract for acts between actors (issue 16): spans in relation.* groups, a record in doc._.relations;
    the export makes the quellenlage/1 relation, which the strict schema accepts."""
    import jsonschema

    from qltest import ROOT
    from spacy.tokens import Span

    from quellenlage.nlp.extensions import relation_key, setup_extensions

    text = "Doch Putin wies diese Vorschläge im März zurück."
    doc = nlp.get_pipe("quellenlage_sentences")(nlp.make_doc(text))
    setup_extensions()

    def span(words: str, role: str) -> Span:
        start = next(t.i for t in doc if text[t.idx:].startswith(words))
        end = next(t.i for t in doc if t.idx + len(t.text) == text.index(words) + len(words)) + 1
        return Span(doc, start, end, label=role, span_id="r1")

    for role, words in (("trigger", "wies"), ("trigger", "zurück"), ("subject", "Putin"),
                        ("theme", "diese Vorschläge"), ("time", "im März")):
        key = relation_key(role)
        doc.spans[key] = list(doc.spans[key]) + [span(words, role)] if key in doc.spans else [span(words, role)]
    doc._.relations = [{"id": "r1", "type": "REJECT", "lemma": "zurückweisen", "subject_actor": None,
                        "object_actor": None, "negated": False, "modality": "asserted", "attribution": None}]
    analysis = doc_to_analysis(doc, Article(text=text, source_path="x.txt"), {})
    (rel,) = analysis.relations
    assert [s.text for s in rel.trigger] == ["wies", "zurück"] and rel.subject[0].text == "Putin"
    assert rel.theme[0].text == "diese Vorschläge" and rel.time.text == "im März" and rel.object == []
    assert rel.type == "REJECT" and rel.lemma == "zurückweisen" and rel.modality == "asserted"
    schema = json.loads((ROOT / "src/quellenlage/schema/quellenlage-1.schema.json").read_text())
    jsonschema.validate(analysis.to_dict(), schema)
    bad = analysis.to_dict()
    bad["relations"][0]["predicate"] = "rejected"  # the old, undocumented field
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
