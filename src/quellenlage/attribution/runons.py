"""Run-on reported speech: Konjunktiv-I sentences without a cue of their own that continue the speaker before them
("Zudem habe er für tiefgreifende Reformen plädiert.").

Konjunktiv II alone ("wäre", "würde") is also hypothetical narration, so only Konjunktiv I marks a run-on.
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import CUE_VERBS, KONJUNKTIV_II
from quellenlage.attribution.drafts import Draft, Segment, trim


def konjunktiv_runons(doc: Doc, covered: set[int]) -> list[Draft]:
    """Sentences in Konjunktiv I with no cue of their own that no attribution covers yet: reported speech running
    on ("Zudem habe er für Reformen plädiert."). Linked to the speaker before them by the caller."""
    drafts = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks or any(t.i in covered for t in toks if not t.is_punct):
            continue
        finite_sub = [t for t in toks if "Sub" in t.morph.get("Mood") and t.lower_ not in KONJUNKTIV_II]
        if not finite_sub or any(t.lemma_.lower() in CUE_VERBS and t.pos_ == "VERB" for t in toks):
            continue
        message = trim(doc, Segment(toks[0].i, toks[-1].i + 1), strip=frozenset(".!?"))
        if message is not None:
            drafts.append(Draft(message=[message], form="indirect_free_indirect", origin="rule",
                                rule="runon"))
    return drafts


def add_runons(doc: Doc, drafts: list[Draft], reach: int) -> list[Draft]:
    """Konjunktiv-I sentences that run on after an attribution continue it; tagger fragments inside such a
    sentence that were linked as continuations are replaced by the whole sentence."""
    covered = {i for d in drafts if d.continues is None for i in d.message_tokens() | d.frame_tokens()}
    for r in konjunktiv_runons(doc, covered):
        sent = doc[r.message[0].start].sent
        inside = [d for d in drafts if d.continues is not None and not d.cue
                  and all(sent.start <= s.start and s.end <= sent.end for s in d.message)]
        prev = [d for d in drafts if d.end <= sent.start and d not in inside]
        if not prev:
            continue
        speaker = max(prev, key=lambda d: d.end)
        if sent.start - speaker.end > reach:
            continue
        for d in inside:
            drafts.remove(d)
        r.continues = speaker
        r.source = list(speaker.source)
        drafts.append(r)
    return drafts
