"""From the English attribution tagger's per-token roles to attributions (PolNeAR conventions).

PolNeAR (the tagger's training data) gives every attribution one cue; the source is optional and the content
(our *message*) may be split ("“A,” he said, “B.”"). The tagger marks tokens, not which pieces belong together,
so every cue starts an attribution, each message piece joins the nearest cue of its sentence (or, failing that,
of the sentence before or after), and each source the nearest cue of its sentence.
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.drafts import Draft, Segment
from quellenlage.attribution.linking import segments, sentence_index

# A cue in the sentence before is this many tokens "further away" than one in the message's own sentence, a cue in
# the sentence after twice as many: a quotation that opens a paragraph of its own goes on the speaker before
# ("“A,” said Baer. ¶ “B.”"), as PolNeAR annotates it (PolNeAR dev: 0.758 with one penalty for both, 0.770).
NEIGHBOUR_PENALTY = 40
FOLLOWING_PENALTY = 80
# Message pieces of fewer words, with no cue of their own sentence, are tagger scraps.
MIN_ORPHAN_WORDS = 3


def sentence_range(seg: Segment, sent: list[int]) -> tuple[int, int]:
    return sent[seg.start], sent[seg.end - 1]


def cue_distance(msg: Segment, cue: Segment, sent: list[int]) -> float | None:
    """Token distance from a message piece to a cue, penalised across sentences; None beyond one sentence."""
    a, b = sentence_range(msg, sent)
    c = sent[cue.start]
    gap = msg.distance(cue)
    if a <= c <= b:
        return gap
    if c == a - 1:
        return gap + NEIGHBOUR_PENALTY
    if c == b + 1:
        return gap + FOLLOWING_PENALTY
    return None


def nearest_cue(msg: Segment, cues: list[Segment], sent: list[int]) -> int | None:
    best, best_d = None, None
    for k, cue in enumerate(cues):
        d = cue_distance(msg, cue, sent)
        if d is not None and (best_d is None or d < best_d):
            best, best_d = k, d
    return best


def link(doc: Doc, labels: list[str]) -> list[Draft]:
    """Drafts in text order: one per tagged cue that has at least one message piece (`labels`: the role tagger's
    label per token, "M-B|C-O|S-O")."""
    sent = sentence_index(doc)
    cues = segments(doc, labels, "C")
    drafts = [Draft(message=[], cue=[c]) for c in cues]
    for msg in segments(doc, labels, "M"):
        k = nearest_cue(msg, cues, sent)
        if k is None:
            continue
        words = sum(not doc[i].is_punct for i in msg.tokens())
        if cue_distance(msg, cues[k], sent) >= NEIGHBOUR_PENALTY and words < MIN_ORPHAN_WORDS:
            continue
        drafts[k].message.append(msg)
    sources = segments(doc, labels, "S")
    for src in sources:
        k = nearest_cue(src, cues, sent)
        if k is not None:
            drafts[k].source.append(src)
    for d in drafts:  # "he said A and argued B": one source for two cues of its sentence
        if d.message and not d.source:
            d.source = shared_source(d.cue[0], sources, sent)
    return [d for d in drafts if d.message]


def set_parents(drafts: list[Draft]) -> None:
    """Nesting: an attribution whose cue lies inside another's message, or between its pieces (PolNeAR gives a
    token one role only, so the outer message is split around the inner frame), is nested in the innermost one."""
    for d in drafts:
        cue = {i for s in d.cue for i in s.tokens()}
        outer = [p for p in drafts if p is not d and p.message and cue
                 and min(s.start for s in p.message) <= min(cue) and max(cue) < max(s.end for s in p.message)]
        d.parent = min(outer, key=lambda p: max(s.end for s in p.message) - min(s.start for s in p.message),
                       default=None)


def shared_source(cue: Segment, sources: list[Segment], sent: list[int]) -> list[Segment]:
    """The nearest source before the cue in the cue's own sentence (taken by another cue or not)."""
    before = [s for s in sources if s.end <= cue.start and sent[s.start] == sent[cue.start]]
    return [max(before, key=lambda s: s.end)] if before else []
