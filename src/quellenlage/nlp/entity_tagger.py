"""Named entities from a per-token BILUO classifier, decoded as whole spans (component `quellenlage_entity_tagger`).

A vote of several NER models beats any one of them, but a vote of spaCy's transition-based NERs costs a whole NER
per member. Taggers average: one component holds several (`quellenlage.MeanOfTaggers.v1`), the USE features
(most of the cost) are computed once per document for all of them, their tag probabilities are averaged, and the
most probable valid tag sequence is found by Viterbi search, so every entity is a well-formed span.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

import numpy as np
from spacy.attrs import NORM, POS, TAG
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples, validate_get_examples
from spacy.util import registry
from thinc.api import Config, Model, SequenceCategoricalCrossentropy
from thinc.types import Floats2d

from quellenlage.nlp import subwords

OUTSIDE = "O"  # always tag 0: padding and whitespace tokens are written as tag 0
MOVES = "BILU"
TINY = 1e-30
DEFAULT_MODEL = """
[model]
@architectures = "spacy.Tagger.v2"
normalize = true

[model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[model.tok2vec.embed]
@architectures = "quellenlage.UseContextMultiHashEmbed.v1"
width = 64
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "POS", "TAG"]
rows = [5000, 1000, 2500, 500, 100, 100]

[model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
depth = 4
window_size = 1
maxout_pieces = 3
"""


def biluo_labels(entity_labels: Iterable[str]) -> list[str]:
    """"O" first, then B-, I-, L-, U- of each entity label."""
    return [OUTSIDE] + [f"{move}-{label}" for label in sorted(set(entity_labels)) for move in MOVES]


def check_labels(labels: Iterable[str]) -> list[str]:
    """The tags as a list, after checking that "O" comes first (the decoder writes tag 0 where nothing can be)."""
    tags = list(labels)
    if not tags or tags[0] != OUTSIDE:
        raise ValueError(f'the entity tagger\'s first label must be "{OUTSIDE}", not {tags[:1]}')
    return tags


def allowed_transitions(tags: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which tag may follow which (BILUO), and which may start and end a document."""
    n = len(tags)
    move = [t[0] for t in tags]
    label = [t[2:] for t in tags]
    follows = np.zeros((n, n), dtype=bool)
    for a in range(n):
        for b in range(n):
            if move[a] in "BI":
                follows[a, b] = move[b] in "IL" and label[b] == label[a]
            else:
                follows[a, b] = move[b] in "BUO"
    starts = np.array([m in "BUO" for m in move])
    ends = np.array([m in "LUO" for m in move])
    return follows, starts, ends


def decode(batch: list[np.ndarray], follows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """The most probable valid tag sequence of each document.

    Where each token's most probable tag already makes a valid sequence, that sequence is the answer (no valid
    sequence can be more probable); only the other documents need the Viterbi search.
    """
    best = [probs.argmax(axis=1) for probs in batch]
    invalid = [i for i, tags in enumerate(best)
               if len(tags) and not (starts[tags[0]] and ends[tags[-1]] and follows[tags[:-1], tags[1:]].all())]
    for i, path in zip(invalid, viterbi([batch[i] for i in invalid], follows, starts, ends)):
        best[i] = path
    return best


def viterbi(batch: list[np.ndarray], follows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """The most probable valid tag sequence of each document (documents padded and decoded together)."""
    lengths = [len(p) for p in batch]
    longest = max(lengths, default=0)
    if not longest:
        return [np.zeros(0, dtype=np.int64) for _ in batch]
    n_docs, n_tags = len(batch), follows.shape[0]
    with np.errstate(divide="ignore"):
        emit = np.full((n_docs, longest + 1, n_tags), -np.inf, dtype=np.float32)
        emit[:, :, 0] = 0.0  # padding (and one step past the longest document) is "O": every document must end
        for i, probs in enumerate(batch):
            emit[i, :len(probs)] = np.log(np.maximum(probs, TINY))  # a zero must not rule out every path
        step = np.where(follows, 0.0, -np.inf).astype(np.float32)
        score = emit[:, 0] + np.where(starts, 0.0, -np.inf)
    back = np.zeros((n_docs, longest + 1, n_tags), dtype=np.int16)
    for t in range(1, longest + 1):
        total = score[:, :, None] + step[None]
        back[:, t] = total.argmax(axis=1)
        score = total.max(axis=1) + emit[:, t]
    paths = np.zeros((n_docs, longest + 1), dtype=np.int64)
    paths[:, longest] = 0
    rows = np.arange(n_docs)
    for t in range(longest, 0, -1):
        paths[:, t - 1] = back[rows, t, paths[:, t]]
    return [paths[i, :n] for i, n in enumerate(lengths)]


def tags_to_spans(doc: Doc, tag_ids: np.ndarray, tags: list[str]) -> list[Span]:
    """Spans of a valid BILUO sequence."""
    spans, start = [], None
    for i, tag_id in enumerate(tag_ids):
        tag = tags[tag_id]
        if tag[0] == "U":
            spans.append(Span(doc, i, i + 1, label=tag[2:]))
        elif tag[0] == "B":
            start = i
        elif tag[0] == "L" and start is not None:
            spans.append(Span(doc, start, i + 1, label=tag[2:]))
            start = None
    return spans


def without_whitespace(doc: Doc) -> tuple[Doc, np.ndarray]:
    """The document without its whitespace tokens (the same Doc where it has none), and the kept token indices.

    The copy keeps what the taggers read: text, norm, and the POS and word class set by earlier components.
    """
    kept = np.array([not token.is_space for token in doc], dtype=bool)
    if kept.all():
        return doc, np.arange(len(doc))
    index = np.flatnonzero(kept)
    view = Doc(doc.vocab, words=[doc[i].text for i in index], spaces=[True] * len(index))
    attrs = [NORM, POS, TAG]
    view.from_array(attrs, doc.to_array(attrs)[index])
    return view, index


class EntityTagger(Tagger):
    """spaCy's Tagger, trained on the reference entities as BILUO tags and writing `doc.ents` instead of tags."""

    def predict(self, docs: list[Doc]) -> list[Floats2d]:
        """Tag probabilities per token (not the argmax: the decoder needs them all).

        The taggers read each document without its whitespace tokens (blank lines between paragraphs), which
        the training sentences never had; a whitespace token is always "O".
        """
        if not any(len(doc) for doc in docs):
            return [np.zeros((len(doc), len(self.labels)), dtype=np.float32) for doc in docs]
        views = [without_whitespace(doc) for doc in docs]
        scores = self.model.predict([view for view, _ in views])
        out = []
        for doc, (_, kept), view_scores in zip(docs, views, scores):
            probs = np.zeros((len(doc), len(self.labels)), dtype=np.float32)
            probs[:, 0] = 1.0  # "O"
            probs[kept] = self.model.ops.to_numpy(view_scores)
            out.append(probs)
        return out

    def set_annotations(self, docs: Iterable[Doc], batch_scores: list[Floats2d]) -> None:
        docs = [docs] if isinstance(docs, Doc) else list(docs)
        tags = check_labels(self.labels)
        decoded = decode(list(batch_scores), *allowed_transitions(tags))
        for doc, tag_ids in zip(docs, decoded):
            doc.ents = tags_to_spans(doc, tag_ids, tags)

    def get_loss(self, examples: Iterable[Example], scores: list[Floats2d]) -> tuple[float, list[Floats2d]]:
        validate_examples(examples, "EntityTagger.get_loss")
        loss_func = SequenceCategoricalCrossentropy(names=self.labels, normalize=False,
                                                    label_smoothing=self.cfg["label_smoothing"])
        known = set(self.labels)  # misaligned ("-") and missing (None) tokens are left out of the loss
        truths = [[tag if tag in known else None for tag in eg.get_aligned_ner()] for eg in examples]
        d_scores, loss = loss_func(scores, truths)
        return float(loss), d_scores

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None,
                   labels: list[str] | None = None) -> None:
        validate_get_examples(get_examples, "EntityTagger.initialize")
        if labels is None:
            labels = biluo_labels({ent.label_ for eg in get_examples() for ent in eg.reference.ents})
        for tag in check_labels(labels):
            self.add_label(tag)
        sample = list(islice(get_examples(), 10))
        truth = [[[1.0 if tag == gold else 0.0 for tag in self.labels] for gold in eg.get_aligned_ner()]
                 for eg in sample]
        self.model.initialize(X=[eg.predicted for eg in sample],
                              Y=[self.model.ops.asarray2f(rows) for rows in truth])


@Language.factory("quellenlage_entity_tagger",
                  default_config={"model": Config().from_str(DEFAULT_MODEL)["model"], "label_smoothing": 0.0,
                                  "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
                  default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0})
def make_entity_tagger(nlp: Language, name: str, model: Model, label_smoothing: float,
                       scorer: Callable | None) -> EntityTagger:
    return EntityTagger(nlp.vocab, model, name, overwrite=True, scorer=scorer, label_smoothing=label_smoothing)


@registry.architectures("quellenlage.MeanOfTaggers.v1")
def mean_of_taggers(members: dict) -> Model[list[Doc], list[Floats2d]]:
    """The mean of several tagger models' probabilities; the USE features are computed once per document."""
    layers = [members[key] for key in sorted(members)]

    def forward(model, docs, is_train):
        if is_train:
            raise NotImplementedError("a vote of taggers is assembled from trained taggers; train each on its own")
        with subwords.shared_features():
            outputs = [layer.predict(docs) for layer in layers]
        return [sum(scores) / len(scores) for scores in zip(*outputs)], lambda d_scores: []

    def init(model, X=None, Y=None):
        for layer in layers:
            layer.initialize(X=X, Y=Y)

    nO = layers[0].get_dim("nO") if layers[0].has_dim("nO") else None
    return Model("mean_of_taggers", forward, init=init, layers=layers, dims={"nO": nO})


def add_vote(nlp: Language, trained: list[Language], name: str = "ner", component: str = "entity_tagger",
             **where) -> EntityTagger:
    """Add one component that decodes the mean of several trained taggers' probabilities (or one tagger as is).

    The trained pipelines must share their labels; each keeps its own weights as a member of the vote.
    """
    taggers = [pipeline.get_pipe(component) for pipeline in trained]
    labels = check_labels(taggers[0].labels)
    if any(list(tagger.labels) != labels for tagger in taggers):
        raise ValueError("the entity taggers of a vote must have the same labels in the same order")
    members = {f"member{i:02d}": pipeline.config["components"][component]["model"]
               for i, pipeline in enumerate(trained)}  # zero-padded: the vote orders its members by name
    model = members["member00"] if len(members) == 1 else {"@architectures": "quellenlage.MeanOfTaggers.v1",
                                                          "members": members}
    vote = nlp.add_pipe("quellenlage_entity_tagger", name=name, config={"model": model}, **where)
    layers = [vote.model] if len(members) == 1 else vote.model.layers
    for layer, tagger in zip(layers, taggers):
        layer.from_bytes(tagger.model.to_bytes())
    vote.cfg["labels"] = labels
    return vote
