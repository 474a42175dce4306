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


def test_use_context_features_depend_on_context(nlp):
    import numpy as np

    from quellenlage.nlp.subwords import CONTEXT_DIM, token_means, use_context

    ctx = use_context()
    a = nlp.make_doc("Der Verein Bayern München gewann am Samstag.")
    b = nlp.make_doc("Das Treffen fand in Bayern statt.")
    fa, fb = ctx.doc_features(a), ctx.doc_features(b)
    assert fa.shape == (len(a), CONTEXT_DIM) and np.isfinite(fa).all()
    bayern_a, bayern_b = fa[2], fb[4]
    assert not np.allclose(bayern_a, bayern_b)
    assert np.array_equal(fa, ctx.doc_features(nlp.make_doc(a.text)))
    # a token's feature is the mean of its pieces' rows, zeros where it has none
    feats = np.arange(12, dtype=np.float32).reshape(6, 2)
    assert token_means(feats, np.array([1, 0, 3, 2])).tolist() == [[0, 1], [0, 0], [4, 5], [9, 10]]


def test_word_class_separates_proper_from_common_nouns(nlp, tmp_path):
    from quellenlage.nlp.wordclass import UNKNOWN, WordClasses

    component = nlp.get_pipe("quellenlage_word_class")
    doc = component(nlp.make_doc("In der Sauna sprach Merkel mit Wüstenrotkehlchenberg über Berlin."))
    classes = {t.text: t.tag_ for t in doc}
    # the class, then the place mark: Berlin is a city of 100,000 or more, some village is called Merkel
    assert classes["Sauna"] == "NN" and classes["Merkel"] == "NE@L" and classes["Berlin"] == "NE@L+"
    assert classes["sprach"] == "" and classes["."] == ""
    assert classes["Wüstenrotkehlchenberg"] == UNKNOWN
    # the lexicon and the place names travel with the pipeline
    component.to_disk(tmp_path)
    copy = WordClasses().from_disk(tmp_path)
    assert copy.lexicon == component.lexicon and sorted(copy.places.items()) == sorted(component.places.items())


def test_place_names_mark_every_token_of_the_longest_name(nlp):
    component = nlp.get_pipe("quellenlage_word_class")
    doc = component(nlp.make_doc("Er fuhr von Frankfurt am Main über Usingen nach Essen und Frankfurt."))
    marks = [(t.text, t.tag_) for t in doc]
    assert marks[3:6] == [("Frankfurt", "NE@L+"), ("am", "@L+"), ("Main", "NE@L+")]
    assert dict(marks)["Usingen"].endswith("@L") and dict(marks)["Essen"].endswith("@L+")
    assert marks[0] == ("Er", "PPER")  # a village called "Er" does not mark the pronoun
    assert marks[11] == ("Frankfurt", "NE@L+") and marks[1][1] == ""


def test_hanta_classes_words_for_the_lexicon():
    from HanTa import HanoverTagger

    from quellenlage.nlp.wordclass import hanta_class

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    assert hanta_class(tagger, "Merkel") == "NE" and hanta_class(tagger, "Sauna") == "NN"
    assert hanta_class(tagger, "Präsidialverwaltung") == "NN~"  # guessed, not in HanTa's lexicon


def test_use_context_features_of_a_long_document_are_computed_in_equal_chunks(nlp, kozak_text, monkeypatch):
    import numpy as np

    from quellenlage.nlp import subwords

    doc = nlp.make_doc(kozak_text)
    whole = subwords.use_context().doc_features(doc)
    monkeypatch.setattr(subwords, "CHUNK_TOKENS", 40)
    assert np.allclose(whole, subwords.use_context().doc_features(doc), atol=1e-5)


def test_entity_memory_adds_names_of_the_gold_sentences_the_ner_leaves_alone(nlp):
    text = "Die Agenda 2010 bleibt umstritten, erklärte der Verband der Elektrizitätswirtschaft am Montag."
    with nlp.select_pipes(disable=["quellenlage_entity_memory"]):
        ner_alone = {(e.text, e.label_) for e in nlp(text).ents}
    with_memory = {(e.text, e.label_) for e in nlp(text).ents}
    assert ("Agenda 2010", "MISC") not in ner_alone and ("Agenda 2010", "MISC") in with_memory
    assert ("Verband der Elektrizitätswirtschaft", "ORG") in with_memory - ner_alone


def test_entity_memory_never_changes_an_entity_the_ner_found(nlp):
    from spacy.tokens import Span
    memory = nlp.get_pipe("quellenlage_entity_memory")
    assert len(memory) > 3000
    doc = nlp.make_doc("Der Verband der Elektrizitätswirtschaft tagte gestern.")
    doc.ents = [Span(doc, 1, 2, "ORG")]  # the NER's "Verband", overlapping the remembered longer name
    assert [(e.text, e.label_) for e in memory(doc).ents] == [("Verband", "ORG")]
