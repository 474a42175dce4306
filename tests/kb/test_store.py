"""The knowledge base on SQLite and PostgreSQL: identity, revisions, actors across documents, claims, curation."""
from __future__ import annotations

import json

from builders import make_analysis

from quellenlage.kb.store import KnowledgeBase

SPIEGEL = ("Laut einem Bericht der New York Times hat Dmitri Kosak vorgeschlagen, die Kämpfe in der Ukraine "
           "zu beenden. Putins Sprecher äußerte sich nicht.")
FAZ = "Dmitry Kozak schlug nach Angaben der NYT vor, den Krieg in der Ukraine zu beenden."
REUTERS = "Kozak proposed ending the war in Ukraine, two people familiar with the talks told Reuters."
TASS = "Der Kreml dementierte, dass Kosak ein Ende der Kämpfe in der Ukraine vorgeschlagen habe."


def spiegel(text=SPIEGEL, path="spiegel/kosak.txt"):
    return make_analysis(
        text, source_path=path, outlet="Der Spiegel", date="2022-09-10",
        actors=[("p1", "Dmitri Kosak", "person", ["Dmitri Kosak"]),
                ("o1", "New York Times", "outlet", ["New York Times"]),
                ("p2", "Putin", "person", ["Putins"])],
        attributions=[
            dict(id="a1", cue="Laut", source="einem Bericht der New York Times", source_type="outlet",
                 source_actor="o1", message="hat Dmitri Kosak vorgeschlagen, die Kämpfe in der Ukraine zu beenden"),
            dict(id="a2", cue="vorgeschlagen", source="Dmitri Kosak", source_type="person", source_actor="p1",
                 parent="a1", message="die Kämpfe in der Ukraine zu beenden")])


def faz():
    return make_analysis(
        FAZ, source_path="faz/kozak.txt", outlet="FAZ", date="2022-09-11",
        actors=[("p1", "Dmitry Kozak", "person", ["Dmitry Kozak"]), ("o1", "NYT", "outlet", ["NYT"])],
        attributions=[
            dict(id="a1", cue="nach Angaben", source="der NYT", source_type="outlet", source_actor="o1",
                 message="den Krieg in der Ukraine zu beenden"),
            dict(id="a2", cue="schlug", source="Dmitry Kozak", source_type="person", source_actor="p1",
                 parent="a1", message="den Krieg in der Ukraine zu beenden")])


def reuters():
    return make_analysis(
        REUTERS, source_path="reuters/kozak.txt", outlet="Reuters", date="2022-09-12", language="en",
        actors=[("p1", "Kozak", "person", ["Kozak"])],
        attributions=[dict(id="a1", cue="proposed", source="Kozak", source_type="person", source_actor="p1",
                           message="ending the war in Ukraine")])


def tass():
    return make_analysis(
        TASS, source_path="tass/kosak.txt", outlet="TASS", date="2022-09-13",
        actors=[("o1", "Kreml", "organisation", ["Kreml"]), ("p1", "Kosak", "person", ["Kosak"])],
        attributions=[dict(id="a1", cue="dementierte", source="Der Kreml", source_type="official",
                           source_actor="o1", epistemic="denied",
                           message="dass Kosak ein Ende der Kämpfe in der Ukraine vorgeschlagen habe")])


def test_same_text_twice_changes_nothing(kb):
    first = kb.add(spiegel())
    again = kb.add(spiegel())
    assert (first.status, again.status) == ("stored", "unchanged")
    assert again.revision_id == first.revision_id
    s = kb.stats()
    assert (s["documents"], s["revisions"], s["attributions"]) == (1, 1, 2)


def test_changed_text_at_same_path_is_a_new_revision(kb):
    kb.add(spiegel())
    changed = SPIEGEL.replace("äußerte sich nicht", "wollte sich nicht äußern")
    res = kb.add(spiegel(text=changed))
    assert res.status == "revised"
    doc = kb.document(res.document_id)
    assert [r["number"] for r in doc["revisions"]] == [1, 2]
    assert [r["is_current"] for r in doc["revisions"]] == [False, True]
    assert doc["analysis"]["text"] == changed
    assert len(kb.documents()) == 1
    # reports from the replaced revision no longer count
    (claim,) = kb.claims(about="Kosak")
    assert {r["document_id"] for r in claim["reports"]} == {res.document_id}
    assert len(claim["reports"]) == 2


def test_one_actor_across_spellings_and_inflection(kb):
    for a in (spiegel(), faz(), reuters()):
        kb.add(a)
    people = [a for a in kb.actors() if a["type"] == "person"]
    kozak = [a for a in people if "Kozak" in a["names"]]
    assert len(kozak) == 1, people
    assert {"Dmitri Kosak", "Dmitry Kozak", "Kozak"} <= set(kozak[0]["names"])
    assert kozak[0]["documents"] == 3
    outlets = [a for a in kb.actors() if a["type"] == "outlet"]
    assert len(outlets) == 1 and set(outlets[0]["names"]) == {"New York Times", "NYT"}
    detail = kb.actor("Козак")  # Cyrillic finds the same actor
    assert detail["timeline"] == [{"month": "2022-09", "said": 3, "about": 1}]
    assert detail["id"] == kozak[0]["id"]
    assert all(m["explanation"] for m in detail["merges"])
    assert {m["method"] for m in detail["merges"]} <= {"name-match", "surname-only", "exact"}


def test_display_name_is_the_fullest_latin_nominative(kb):
    t1 = "Путина поддержали, сообщил Владимир Путин."
    t2 = "Wladimir Putins Sprecher schwieg."
    t3 = "Putin sagte nichts."
    kb.add(make_analysis(t1, source_path="x/1.txt", actors=[("p1", "Владимир Путин", "person", ["Владимир Путин"])]))
    kb.add(make_analysis(t2, source_path="x/2.txt", actors=[("p1", "Wladimir Putins", "person", ["Wladimir Putins"])]))
    assert [a["name"] for a in kb.actors()] == ["Wladimir Putin"]  # Latin script, nominative (путин is attested)
    kb.add(make_analysis(t3, source_path="x/3.txt", actors=[("p1", "Putin", "person", ["Putin"])]))
    (putin,) = kb.actors()
    assert putin["name"] == "Wladimir Putin"
    assert set(putin["names"]) == {"Владимир Путин", "Wladimir Putins", "Putin"}


def test_actors_json_shape(kb):
    kb.add(spiegel())
    (row, *_) = kb.actors()
    assert set(row) == {"id", "name", "type", "names", "documents"}
    putin = next(a for a in kb.actors() if a["name"] == "Putin")
    assert putin["names"] == ["Putin", "Putins"]


def test_different_first_names_are_different_people(kb):
    t1 = "Anna Müller sagte, der Haushalt sei solide."
    t2 = "Peter Müller sagte, der Haushalt sei unsolide."
    for i, (t, name) in enumerate([(t1, "Anna Müller"), (t2, "Peter Müller")]):
        kb.add(make_analysis(t, source_path=f"x/{i}.txt", actors=[("p1", name, "person", [name])]))
    names = sorted(a["name"] for a in kb.actors())
    assert names == ["Anna Müller", "Peter Müller"]


def test_bare_surname_goes_to_the_person_the_context_points_to(kb):
    docs = [
        ("Anna Müller, Präsidentin der Bundesbank, warnte vor Inflation.", "Anna Müller", "Bundesbank",
         "Präsidentin der Bundesbank"),
        ("Peter Müller, Ministerpräsident des Saarlandes, lobte die Stahlbranche.", "Peter Müller", "Saarland",
         "Ministerpräsident des Saarlandes"),
    ]
    for i, (t, person, org, role) in enumerate(docs):
        org_mention = org if org in t else org + "es"
        a = make_analysis(t, source_path=f"x/{i}.txt", actors=[("p1", person, "person", [person]),
                                                             ("o1", org, "organisation", [org_mention])])
        a.actors[0].roles = [role]
        kb.add(a)
    t3 = "Müller sagte im Saarland, die Hütten brauchten billigen Strom."
    kb.add(make_analysis(t3, source_path="x/3.txt", actors=[("p1", "Müller", "person", ["Müller"]),
                                                            ("o1", "Saarland", "organisation", ["Saarland"])]))
    peter = kb.actor("Peter Müller")
    assert peter["documents"] == 2 and kb.actor("Anna Müller")["documents"] == 1
    (m,) = [m for m in peter["merges"] if m["method"] == "surname-context"]
    assert "Saarland" in m["explanation"]
    t4 = "Müller äußerte sich nicht."  # no context: a new actor rather than a guess
    kb.add(make_analysis(t4, source_path="x/4.txt", actors=[("p1", "Müller", "person", ["Müller"])]))
    assert len([a for a in kb.actors() if a["type"] == "person"]) == 3


def test_derived_reports_do_not_corroborate(kb):
    kb.add(spiegel())
    kb.add(faz())
    (claim,) = kb.claims(about="Kozak")
    # two outlets, but both cite the New York Times: one origin
    assert claim["status"] == "single-source"
    assert claim["origins"] == ["New York Times"]
    assert all(r["derived"] for r in claim["reports"])


def test_independent_report_corroborates_across_languages(kb):
    for a in (spiegel(), faz(), reuters()):
        kb.add(a)
    (claim,) = kb.claims(about="Kozak")
    assert claim["status"] == "corroborated"
    assert claim["origins"] == ["New York Times", "Reuters"]
    assert {r["outlet"] for r in claim["reports"]} == {"Der Spiegel", "FAZ", "Reuters"}
    assert kb.claims(status="corroborated") and not kb.claims(status="contested")


def test_denial_makes_a_claim_contested(kb):
    for a in (spiegel(), reuters(), tass()):
        kb.add(a)
    claims = kb.claims(about="Kosak")
    assert [c["status"] for c in claims] == ["contested"]
    assert "TASS" in {r["outlet"] for r in claims[0]["reports"]}


def test_claims_json_shape(kb):
    kb.add(spiegel())
    (claim,) = kb.claims()
    assert set(claim) == {"id", "summary", "status", "origins", "reports"}
    assert {"document_id", "source_path", "outlet", "attribution_id", "text"} <= set(claim["reports"][0])
    r = next(r for r in claim["reports"] if r["attribution_id"] == "a2")
    assert r["text"] == "die Kämpfe in der Ukraine zu beenden"
    assert r["chain"] == ["a1", "a2"]


def test_one_claim_with_its_actors_and_paging(kb):
    for a in (spiegel(), faz(), reuters()):
        kb.add(a)
    (listed,) = kb.claims()
    c = kb.claim(listed["id"])
    assert (c["id"], c["status"], c["origins"]) == (listed["id"], "corroborated", ["New York Times", "Reuters"])
    assert len(c["reports"]) == 5 and all("revision_id" in r for r in c["reports"])
    roles = {(a["name"], a["role"]) for a in c["actors"]}
    assert ("Dmitry Kozak", "source") in roles and ("New York Times", "source") in roles
    assert kb.claim(10**6) is None
    assert kb.claims(offset=1) == []


def test_unrelated_statements_are_separate_claims(kb):
    t = "Kosak sagte, die Inflation in Russland sei unter Kontrolle."
    kb.add(spiegel())
    kb.add(make_analysis(t, source_path="x/inflation.txt", outlet="RBC",
                         actors=[("p1", "Kosak", "person", ["Kosak"])],
                         attributions=[dict(id="a1", cue="sagte", source="Kosak", source_type="person",
                                            source_actor="p1", message="die Inflation in Russland sei unter Kontrolle")]))
    assert len(kb.claims(about="Kosak")) == 2


def test_sources_graph(kb):
    kb.add(spiegel())
    kb.add(faz())
    edges = {(e["citing"], e["cited"], e["source_type"]) for e in kb.sources()}
    assert ("Der Spiegel", "New York Times", "outlet") in edges
    assert ("FAZ", "New York Times", "outlet") in edges


def test_manual_merge_and_split_survive_later_ingest(kb):
    t1 = "Sergej Kirijenko sagte, die Verwaltung arbeite."
    t2 = "S. Kiriyenko erklärte, alles laufe nach Plan."
    kb.add(make_analysis(t1, source_path="x/1.txt", actors=[("p1", "Sergej Kirijenko", "person", ["Sergej Kirijenko"])]))
    kb.add(make_analysis(t2, source_path="x/2.txt", actors=[("p1", "S. Kiriyenko", "person", ["S. Kiriyenko"])]))
    keep = kb.find_actor("Sergej Kirijenko")
    if len(kb.actors()) == 2:
        kb.merge("Sergej Kirijenko", "S. Kiriyenko")
    assert [a["id"] for a in kb.actors()] == [keep]
    # split a name off, then ingest a new document that uses it: it goes to the split actor, not back
    new = kb.split(keep, ["S. Kiriyenko"])
    t3 = "S. Kiriyenko widersprach am Abend."
    kb.add(make_analysis(t3, source_path="x/3.txt", actors=[("p1", "S. Kiriyenko", "person", ["S. Kiriyenko"])]))
    assert kb.find_actor("S. Kiriyenko") == new
    assert kb.actor(new)["documents"] == 2
    assert kb.actor(keep)["documents"] == 1
    # merge them back by hand: a later document with either name lands on the kept actor
    kb.merge(keep, new, reason="same person")
    t4 = "S. Kiriyenko kündigte Reformen an."
    kb.add(make_analysis(t4, source_path="x/4.txt", actors=[("p1", "S. Kiriyenko", "person", ["S. Kiriyenko"])]))
    (only,) = kb.actors()
    assert only["id"] == keep and only["documents"] == 4
    assert any(m["method"] == "manual-merge" and m["explanation"] == "same person" for m in kb.actor(keep)["merges"])


def test_failures_are_recorded(kb):
    run = kb.start_run(["x"])
    kb.record_failure(run, "x/broken.html", "cannot decode")
    kb.finish_run(run, {"failed": 1})
    (f,) = kb.failures(run)
    assert (f["source_path"], f["error"]) == ("x/broken.html", "cannot decode")
    assert kb.stats()["failures"] == 1


def test_reopening_keeps_data_and_schema_version(db):
    from quellenlage.kb.schema import SCHEMA_VERSION, applied_versions
    k = KnowledgeBase(db)
    k.add(spiegel())
    k.close()
    k2 = KnowledgeBase(db)
    assert applied_versions(k2.engine) == set(range(1, SCHEMA_VERSION + 1))
    assert k2.stats()["documents"] == 1
    k2.close()


def test_entities_stand_in_for_actors_before_attribution(kb):
    from quellenlage.model import Entity
    a = make_analysis("Olaf Scholz traf Emmanuel Macron in Paris.", source_path="x/e.txt")
    a.entities = [Entity(0, 11, "Olaf Scholz", "PER"), Entity(17, 32, "Emmanuel Macron", "PER"),
                  Entity(36, 41, "Paris", "LOC")]
    assert a.text[17:32] == "Emmanuel Macron" and a.text[36:41] == "Paris"
    kb.add(a)
    assert sorted(x["name"] for x in kb.actors()) == ["Emmanuel Macron", "Olaf Scholz"]


def test_stored_analysis_round_trips(kb):
    from quellenlage.model import Analysis
    a = spiegel()
    res = kb.add(a)
    back = Analysis.from_dict(kb.document(res.revision_id)["analysis"])
    assert back == a
    assert json.loads(json.dumps(kb.document(res.document_id)))["revision_id"] == a.document.id


def test_migration_3_adds_and_backfills_actor_counts_on_an_older_database(db):
    from sqlalchemy import text

    from quellenlage.kb.schema import SCHEMA_VERSION, applied_versions
    k = KnowledgeBase(db)
    k.add(spiegel())
    k.add(faz())
    with k.engine.begin() as c:  # turn it back into a version-2 database
        c.execute(text("DROP INDEX ix_actors_documents"))
        c.execute(text("ALTER TABLE actors DROP COLUMN documents"))
        c.execute(text("DELETE FROM schema_migrations WHERE version = 3"))
    k.close()
    k2 = KnowledgeBase(db)
    assert applied_versions(k2.engine) == set(range(1, SCHEMA_VERSION + 1))
    kozak = next(a for a in k2.actors() if "Dmitry Kozak" in a["names"])
    assert kozak["documents"] == 2
    k2.close()


def test_migration_4_drops_the_never_filled_confidence_column(db):
    from sqlalchemy import inspect, text

    k = KnowledgeBase(db)
    k.add(spiegel())
    with k.engine.begin() as c:  # turn it back into a version-3 database, which had the column
        c.execute(text("ALTER TABLE attributions ADD COLUMN confidence FLOAT"))
        c.execute(text("DELETE FROM schema_migrations WHERE version = 4"))
    k.close()
    k2 = KnowledgeBase(db)
    assert "confidence" not in {c["name"] for c in inspect(k2.engine).get_columns("attributions")}
    assert k2.stats()["attributions"] == 2 and k2.claims()
    k2.close()


def test_database_urls():
    from quellenlage.kb.store import db_url
    assert db_url("kb.sqlite") == "sqlite:///kb.sqlite"
    assert db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url("sqlite:////tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"


def test_odd_analyses_are_stored_without_crashing(kb):
    """A nameless actor, a self-parented attribution, a source actor that is not in the list."""
    from quellenlage.model import Actor
    t = "Ein Sprecher sagte, man prüfe den Fall."
    a = make_analysis(t, source_path="x/odd.txt",
                      attributions=[dict(id="a1", cue="sagte", source="Ein Sprecher", message="man prüfe den Fall",
                                         source_type="official", source_actor="p9", parent="a1")])
    a.actors = [Actor(id="p1", name="  ", type="person")]
    res = kb.add(a)
    assert res.status == "stored" and kb.actors() == []
    (claim,) = kb.claims()
    assert claim["reports"][0]["chain"] == ["a1"] and claim["status"] == "single-source"


def test_actor_search_treats_like_wildcards_as_characters(kb):
    kb.add(spiegel())
    assert [a["name"] for a in kb.actors(q="kosak")] == ["Dmitri Kosak"]
    for q in ("_", "%", "k_sak", "..."):
        assert kb.actors(q=q) == [], q


def test_an_all_digit_content_hash_finds_its_document(kb):
    from quellenlage.model import content_id
    text = next(t for t in (f"Die Ministerin sagte, der Plan sei gescheitert. Meldung {n}." for n in range(100_000))
                if content_id(t).isdigit())
    res = kb.add(make_analysis(text, source_path="digits.txt", outlet="Testblatt", date="2024-01-01"))
    doc = kb.document(content_id(text))
    assert doc is not None and doc["revision_id"] == content_id(text) and doc["id"] == res.document_id
