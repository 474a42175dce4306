"""Label each attribution: form, medium, epistemic status. Rules over cue lemmas, quotes and verb mood."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import DENIAL_LEMMAS, HEDGE_WORDS, THOUGHT_LEMMAS, WRITING_LEMMAS
from quellenlage.attribution.drafts import Draft
from quellenlage.attribution.linking import quotations

# Share of message tokens inside quotation marks above which the message is direct speech; below it, a quote is
# only a quoted phrase inside indirect speech ("seien »weit hinter der Aufsetzzone«").
DIRECT_SHARE = 0.6


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens between paired quotation marks (marks included). Unpaired marks quote nothing."""
    return {i for q in quotations(doc) for i in q.tokens()}


def is_subjunctive(doc: Doc, tokens) -> bool:
    """Any finite verb in Konjunktiv (I or II) among the tokens."""
    return any("Sub" in doc[i].morph.get("Mood") for i in tokens)


def form_of(doc: Doc, d: Draft, quoted: set[int]) -> str:
    msg = d.message_tokens()
    if msg and len(msg & quoted) / len(msg) >= DIRECT_SHARE:
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


def classify(doc: Doc, drafts: list[Draft]) -> None:
    quoted = quoted_tokens(doc)
    for d in drafts:
        d.form = form_of(doc, d, quoted)
        d.medium = medium_of(doc, d)
        d.epistemic = epistemic_of(doc, d)
