"""Message and frame extents as the SpkAtt annotation convention has them (after classification: the form decides)."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.drafts import Draft, runs, trim

SENTENCE_END = frozenset({".", "!", "?"})
LEADING_SEPARATORS = frozenset({",", ";", ":", "-", "–"})


def shape_message(doc: Doc, d: Draft, snap_share: float) -> None:
    """Message extent as the annotation convention has it: speech without a cue of its own (run-on, free
    indirect, reported) is whole sentences, final punctuation included, where it covers at least `snap_share` of
    them; a message after a cue stops before the final punctuation."""
    msg = without_outer_space(doc, d.message_tokens())
    if not msg:
        return
    d.message = runs(msg)
    # an addressee inside the message belongs to something said there, not to this attribution
    d.addressee = [a for a in d.addressee if not set(a.tokens()) & msg]
    if not d.cue and d.form in ("indirect_free_indirect", "free_indirect", "reported"):
        sentences = whole_sentences(doc, msg)
        if sentences and len(msg) / len(sentences) >= snap_share:
            d.message = runs(sentences)
    elif d.form != "direct":
        d.message = runs(without_final_stop(doc, msg))


def without_outer_space(doc: Doc, msg: set[int]) -> set[int]:
    while msg and doc[max(msg)].is_space:
        msg = msg - {max(msg)}
    while msg and doc[min(msg)].is_space:
        msg = msg - {min(msg)}
    return msg


def whole_sentences(doc: Doc, msg: set[int]) -> list[int]:
    """The non-space tokens of every sentence the message touches."""
    starts = sorted({doc[i].sent.start for i in msg})
    return [t.i for s in starts for t in doc[s].sent if not t.is_space]


def without_final_stop(doc: Doc, msg: set[int]) -> set[int]:
    """Without the final period and without separators the tagger put before the message (", dass ...")."""
    last = max(msg)
    if doc[last].text in SENTENCE_END and len(msg) > 1:
        msg = msg - {last}
    while len(msg) > 1 and (doc[min(msg)].text in LEADING_SEPARATORS or doc[min(msg)].is_space):
        msg = msg - {min(msg)}
    return msg


def frame_segments(doc: Doc, d: Draft) -> None:
    """The frame: the rest of the cue's sentence outside the message (as SpkAtt annotates it)."""
    if not d.cue:
        return
    sent = doc[d.cue[0].start].sent
    msg = d.message_tokens()
    parts = runs(i for i in range(sent.start, sent.end) if i not in msg and not doc[i].is_space)
    d.frame = [t for t in (trim(doc, p, strip=frozenset(".!?")) for p in parts) if t is not None]
