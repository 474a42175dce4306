"""Label each attribution: form, medium, epistemic status. Rules over cue lemmas, quotes and verb mood."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from quellenlage.attribution.cues import DENIAL_LEMMAS, HEDGE_WORDS, THOUGHT_LEMMAS, WRITING_LEMMAS
from quellenlage.attribution.drafts import Draft
from quellenlage.attribution.linking import quotations


@dataclass(frozen=True)
class ClassifyRules:
    """Thresholds of classification and message shape (the factory config of `quellenlage_attribution_classify`)."""
    # Share of message tokens inside quotation marks from which the message is direct speech; below it, a quote is
    # only a quoted phrase inside indirect speech ("seien »weit hinter der Aufsetzzone«").
    direct_share: float = 0.6
    # A cue-less message covering at least this share of its sentences is the sentences themselves.
    sentence_snap_share: float = 0.8


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens between paired quotation marks (marks included). Unpaired marks quote nothing."""
    return {i for q in quotations(doc) for i in q.tokens()}


def is_subjunctive(doc: Doc, tokens) -> bool:
    """Any finite verb in Konjunktiv (I or II) among the tokens."""
    return any("Sub" in doc[i].morph.get("Mood") for i in tokens)


def form_of(doc: Doc, d: Draft, quoted: set[int], direct_share: float) -> str:
    msg = d.message_tokens()
    if msg and len(msg & quoted) / len(msg) >= direct_share:
        return "direct"
    if d.continues is not None:
        return "indirect_free_indirect" if is_subjunctive(doc, msg) else "free_indirect"
    if not d.cue and d.source:
        return "reported"
    if d.form == "reported" and d.origin != "model":
        return "reported"  # a laut/zufolge/so frame: the "reported" (SpkAtt would say Indirect)
    return "indirect"


def lemmas(doc: Doc, segs) -> set[str]:
    return {doc[i].lemma_.lower() for s in segs for i in s.tokens()} | \
           {doc[i].lower_ for s in segs for i in s.tokens()}


def medium_of(doc: Doc, d: Draft) -> str:
    words = lemmas(doc, d.cue) | lemmas(doc, d.source)
    if words & THOUGHT_LEMMAS:
        return "thought"
    if words & WRITING_LEMMAS:
        return "writing"
    return "speech"


def epistemic_of(doc: Doc, d: Draft) -> str:
    if lemmas(doc, d.cue) & DENIAL_LEMMAS:
        return "denied"
    if d.epistemic == "hedged":
        return "hedged"
    words = lemmas(doc, d.cue + d.message)
    # "soll ... haben": the modal of reported hearsay
    modal = any(doc[i].lemma_.lower() == "sollen" and doc[i].morph.get("Mood") != ["Sub"]
                for s in d.message for i in s.tokens()) and d.origin == "model" and not d.cue
    return "hedged" if words & HEDGE_WORDS or modal else "reported"


def classify(doc: Doc, drafts: list[Draft], rules: ClassifyRules = ClassifyRules()) -> None:
    """Set form, medium and epistemic status of every draft."""
    quoted = quoted_tokens(doc)
    for d in drafts:
        d.form = form_of(doc, d, quoted, rules.direct_share)
        d.medium = medium_of(doc, d)
        d.epistemic = epistemic_of(doc, d)
