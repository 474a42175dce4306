"""The BILUO entity tagger's decoder: only well-formed spans, whatever the per-token probabilities say."""
from __future__ import annotations

import numpy as np
import spacy

from quellenlage.nlp.entity_tagger import (
    allowed_transitions,
    biluo_labels,
    tags_to_spans,
    viterbi,
)
from quellenlage.nlp.entity_tagger import (
    decode as best_paths,
)

TAGS = biluo_labels(["PER", "LOC"])


def probs(rows: list[dict[str, float]]) -> np.ndarray:
    """Per-token probabilities; what a row leaves out shares the rest evenly."""
    out = np.zeros((len(rows), len(TAGS)), dtype=np.float32)
    for i, row in enumerate(rows):
        rest = (1.0 - sum(row.values())) / (len(TAGS) - len(row))
        out[i] = [row.get(tag, rest) for tag in TAGS]
    return out


def decode(*docs: np.ndarray) -> list[list[str]]:
    return [[TAGS[i] for i in path] for path in best_paths(list(docs), *allowed_transitions(TAGS))]


def test_labels_are_outside_then_four_moves_per_label():
    assert TAGS == ["O", "B-LOC", "I-LOC", "L-LOC", "U-LOC", "B-PER", "I-PER", "L-PER", "U-PER"]


def test_an_entity_cannot_start_inside_or_run_past_the_end():
    # token by token the best tags are I-PER, L-PER, B-PER: no valid span; the best valid reading is B-PER L-PER O
    doc = probs([{"I-PER": 0.5, "B-PER": 0.4}, {"L-PER": 0.9}, {"B-PER": 0.5, "O": 0.45}])
    assert decode(doc) == [["B-PER", "L-PER", "O"]]


def test_a_label_cannot_change_inside_an_entity():
    doc = probs([{"B-PER": 0.9}, {"L-LOC": 0.6, "L-PER": 0.3}])
    assert decode(doc) == [["B-PER", "L-PER"]]


def test_documents_decoded_together_are_decoded_as_if_alone():
    short = probs([{"U-LOC": 0.9}])
    long = probs([{"O": 0.9}, {"B-PER": 0.8}, {"I-PER": 0.7}, {"L-PER": 0.9}, {"O": 0.9}])
    together = decode(short, long, np.zeros((0, len(TAGS)), dtype=np.float32))
    assert together == decode(short) + decode(long) + [[]]
    assert together[1] == ["O", "B-PER", "I-PER", "L-PER", "O"]


def test_the_argmax_shortcut_gives_the_viterbi_path():
    rng = np.random.default_rng(0)
    # peaked rows, as a trained tagger gives: many documents have a valid argmax sequence, many do not
    docs = []
    for n in rng.integers(1, 12, 300):
        rows = rng.dirichlet(np.full(len(TAGS), 0.3), size=int(n))
        rows[:, 0] += 2 * (rng.random(int(n)) < 0.8)  # most tokens are outside any entity
        docs.append((rows / rows.sum(axis=1, keepdims=True)).astype(np.float32))
    rules = allowed_transitions(TAGS)
    argmax_valid = [bool(rules[1][d.argmax(1)[0]] and rules[2][d.argmax(1)[-1]]
                         and rules[0][d.argmax(1)[:-1], d.argmax(1)[1:]].all()) for d in docs]
    assert 20 < sum(argmax_valid) < 280
    for fast, full in zip(best_paths(docs, *rules), viterbi(docs, *rules)):
        assert fast.tolist() == full.tolist()


def test_a_zero_probability_does_not_wipe_out_the_document():
    # the first token is surely an I- (which cannot start a document): no valid sequence has a non-zero
    # probability, and the sure name after it must still be found
    doc = np.zeros((3, len(TAGS)), dtype=np.float32)
    doc[0, TAGS.index("I-PER")] = doc[1, TAGS.index("O")] = doc[2, TAGS.index("U-LOC")] = 1.0
    assert decode(doc)[0][1:] == ["O", "U-LOC"]


def test_more_than_127_tags_decode_correctly():
    tags = biluo_labels([f"L{i:02d}" for i in range(40)])
    doc = np.full((3, len(tags)), 0.001, dtype=np.float32)
    for i, tag in enumerate(["B-L37", "I-L37", "L-L37"]):
        doc[i, tags.index(tag)] = 0.9
    path = viterbi([doc], *allowed_transitions(tags))[0]
    assert [tags[i] for i in path] == ["B-L37", "I-L37", "L-L37"]


def test_the_first_label_must_be_outside():
    import pytest

    from quellenlage.nlp.entity_tagger import check_labels

    assert check_labels(TAGS) == TAGS
    with pytest.raises(ValueError, match="first label"):
        check_labels(sorted(TAGS))


def test_shared_features_are_per_thread():
    import threading

    from quellenlage.nlp import subwords

    inside, seen_elsewhere = threading.Event(), []

    def other_thread():
        inside.wait()
        seen_elsewhere.append(subwords._shared.get())

    worker = threading.Thread(target=other_thread)
    worker.start()
    with subwords.shared_features():
        assert subwords._shared.get() == {}
        inside.set()
        worker.join()
    assert seen_elsewhere == [None] and subwords._shared.get() is None


def test_tags_become_spans_on_a_real_sentence():
    doc = spacy.blank("de")("Laut Angela Merkel bleibt Berlin Hauptstadt.")
    tag_ids = np.array([TAGS.index(t) for t in ["O", "B-PER", "L-PER", "O", "U-LOC", "O", "O"]])
    assert [(s.text, s.label_) for s in tags_to_spans(doc, tag_ids, TAGS)] == [("Angela Merkel", "PER"),
                                                                              ("Berlin", "LOC")]


SMALL_MODEL = {"@architectures": "spacy.Tagger.v2", "normalize": True,
               "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "width": 32, "depth": 1, "embed_size": 500,
                           "window_size": 1, "maxout_pieces": 2, "subword_features": True,
                           "pretrained_vectors": None}}
TRAIN = [("Laut Olaf Scholz bleibt Berlin offen.", [(5, 16, "PER"), (24, 30, "LOC")]),
         ("Die Bundesbank in Frankfurt warnt.", [(4, 14, "ORG"), (18, 27, "LOC")]),
         ("Anna Berg sprach in Hamburg.", [(0, 9, "PER"), (20, 27, "LOC")])]


def trained_tagger(seed: int) -> spacy.Language:
    from spacy.training import Example
    from thinc.api import fix_random_seed

    fix_random_seed(seed)
    nlp = spacy.blank("de")
    nlp.add_pipe("quellenlage_entity_tagger", name="entity_tagger", config={"model": SMALL_MODEL})
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        nlp.update(examples, sgd=optimizer)
    return nlp


def test_a_vote_of_two_taggers_is_the_mean_of_their_probabilities_and_survives_saving(tmp_path):
    from quellenlage.nlp.entity_tagger import add_vote

    members = [trained_tagger(0), trained_tagger(1)]
    nlp = spacy.blank("de")
    vote = add_vote(nlp, members)
    doc = nlp.make_doc("Laut Anna Berg bleibt Frankfurt offen.")
    each = [m.get_pipe("entity_tagger").predict([doc])[0] for m in members]
    assert not np.allclose(each[0], each[1])  # two different models
    assert np.allclose(vote.predict([doc])[0], (each[0] + each[1]) / 2, atol=1e-6)
    nlp.to_disk(tmp_path / "vote")
    loaded = spacy.load(tmp_path / "vote")
    text = "Anna Berg sprach in Frankfurt."
    expected = [("Anna Berg", "PER"), ("Frankfurt", "LOC")]
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected
    assert [(e.text, e.label_) for e in loaded(text).ents] == expected
    assert loaded.get_pipe("ner").labels == vote.labels


def test_blank_lines_between_paragraphs_do_not_change_the_entities(nlp):
    """The taggers never saw a whitespace token in training, so they read documents without them. 300 GermEval
    dev sentences (read in place) joined by blank lines give the entities they give joined by spaces, save at most
    one in a hundred: the morphologizer still reads a blank line as a word, which moves a POS tag here and there."""
    import sys
    from collections import Counter

    from qltest import ROOT, SHARED

    sys.path.insert(0, str(ROOT / "training"))
    from prepare import GERMEVAL_HELD_OUT, NER_DEV, read_germeval

    germeval = SHARED / "data" / "germeval2014"
    sents = [s for name in ("NER-de-dev.tsv", "NER-de-test-part1.tsv") for s in read_germeval(str(germeval / name))]
    dev = sents[-GERMEVAL_HELD_OUT - NER_DEV:][:300]
    sentences = [" ".join(word for word, _ in s) for s in dev]
    spaced, paragraphs = (nlp(sep.join(sentences)) for sep in (" ", "\n\n"))
    assert not [e.text for e in paragraphs.ents if any(t.is_space for t in e)]
    a, b = (Counter((e.text, e.label_) for e in doc.ents) for doc in (spaced, paragraphs))
    assert sum(a.values()) > 250
    assert sum(((a - b) + (b - a)).values()) <= sum(a.values()) / 100
