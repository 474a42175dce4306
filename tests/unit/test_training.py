"""Training helpers that decide what the shipped NER learns: the teachers' vote, the step picked from a log, and
the names the entity memory keeps."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from best_step import best_step
from entity_memory import memory_patterns
from silver import vote


def test_the_majority_keeps_a_span_and_the_better_supported_of_two_overlapping_spans():
    teachers = [
        {(0, 2, "PER"), (5, 6, "LOC"), (8, 9, "ORG")},
        {(0, 2, "PER"), (5, 7, "ORG"), (8, 9, "MISC")},
        {(0, 2, "PER"), (5, 7, "ORG")},
    ]
    assert vote(teachers, min_votes=2) == [(0, 2, "PER"), (5, 7, "ORG")]
    # with one vote enough, overlaps still resolve: more votes first, then the longer span
    assert vote(teachers, min_votes=1) == [(0, 2, "PER"), (5, 7, "ORG"), (8, 9, "MISC")]


def test_best_step_reads_the_entity_f1_column_of_a_spacy_log():
    log = """E    #       LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE
---  ------  --------  ------  ------  ------  ------
  0     100   5599.01   45.44   60.00   36.57    0.45
  3     500   2863.39   66.74   70.41   63.43    0.67
 12    1200   1296.48   67.54   71.96   63.64    0.68
 14    1300   1136.98   65.71   70.45   61.57    0.66""".splitlines()
    assert best_step(log) == 1200


def test_entity_memory_keeps_names_that_the_gold_sentences_mark_consistently():
    import spacy
    from spacy.tokens import Doc

    vocab = spacy.blank("de").vocab

    def sentence(text, ents):
        return Doc(vocab, words=text.split(" "), ents=ents.split(" "))
    gold = [
        sentence("Die Union stimmte zu", "O B-ORG O O"),
        sentence("Die Union der Länder", "O O O O"),      # "Union" is a name in 1 of 2 occurrences: left out
        sentence("Laut ddp sank der Kurs", "O B-ORG O O O"),
        sentence("ddp meldete das auch", "B-ORG O O O"),
        sentence("Er zahlte 5 $ dafür", "O O O B-MISC O"),  # no letters: left out
        sentence("Der Verband der Elektrizitätswirtschaft tagte", "O B-ORG I-ORG I-ORG O"),
    ]
    assert memory_patterns(gold) == [{"label": "ORG", "pattern": "Verband der Elektrizitätswirtschaft"},
                                     {"label": "ORG", "pattern": "ddp"}]


def test_assemble_takes_one_ner_directory_as_silver_py_passes_it():
    from assemble import assemble

    from quellenlage.lang import language_pack
    MODEL_DIR = language_pack("de").model_dir

    nlp = assemble(str(MODEL_DIR), str(MODEL_DIR), attribution=None)
    assert nlp.pipe_names[-2:] == ["quellenlage_word_class", "ner"]
    doc = nlp("Laut Angela Merkel will die Bundesbank in Frankfurt ihre Zinsen senken.")
    assert ("Angela Merkel", "PER") in {(e.text, e.label_) for e in doc.ents}
