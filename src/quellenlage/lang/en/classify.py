"""Label each English attribution: form, medium, epistemic status and source type, from word lists (data files).

- form: "direct" when most of the message is inside quotation marks; "reported" for "according to X" frames and
  for hedges without a source ("reportedly", "is said to"); otherwise "indirect";
- epistemic: "denied" for denial cues ("deny"), "hedged" for hedge words in the cue or message, else "reported";
- medium: thought or writing by the cue's lemmas, else speech;
- source_type: outlet / anonymous / person / organisation / official / unattributed, from the source's words and
  the entities inside it.
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.drafts import Draft, Segment
from quellenlage.lang.en.words import word_list

DIRECT_SHARE = 0.6
OPEN_QUOTES = {"“", "\"", "‘", "«"}
CLOSE_QUOTES = {"”", "\"", "’", "»"}
PERSON_PRONOUNS = {"he", "she", "i", "we", "you", "him", "her", "me", "us", "they", "them"}


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens between paired double quotation marks, marks included; a blank line ends an open quote."""
    out: set[int] = set()
    open_at = None
    for tok in doc:
        if tok.is_space and "\n\n" in tok.text:
            open_at = None
        elif tok.text in ("“", "\"") and open_at is None:
            open_at = tok.i
        elif tok.text in ("”", "\"") and open_at is not None:
            out.update(range(open_at, tok.i + 1))
            open_at = None
    return out


def words_of(doc: Doc, segs: list[Segment]) -> set[str]:
    return {doc[i].lemma_.lower() for s in segs for i in s.tokens()} | \
           {doc[i].lower_ for s in segs for i in s.tokens()}


def form_of(doc: Doc, d: Draft, quoted: set[int]) -> str:
    msg = d.message_tokens()
    if msg and len(msg & quoted) / len(msg) >= DIRECT_SHARE:
        return "direct"
    cue_text = " ".join(doc[i].lower_ for s in d.cue for i in s.tokens())
    if d.rule in ("reported", "hedge") or cue_text in {"according to", "per"}:
        return "reported"
    return "indirect"


def source_type(doc: Doc, d: Draft) -> str:
    if not d.source:
        return "unattributed"
    text = " ".join(doc[s.start:s.end].text.lower() for s in d.source)
    toks = words_of(doc, d.source)
    labels = {e.label_ for s in d.source for e in doc[s.start:s.end].ents}
    if text.strip() in word_list("outlets") or any(o in text for o in word_list("outlets") if len(o) > 4):
        return "outlet"
    if "PER" in labels or toks & PERSON_PRONOUNS and len(toks) <= 2:
        return "person"
    if toks & word_list("anonymous_sources") and not labels:
        return "anonymous"
    if toks & word_list("official_roles") or any(" " in w and w in text for w in word_list("official_roles")):
        return "official"
    if "ORG" in labels:
        return "organisation"
    return "person" if any(doc[i].pos_ == "PROPN" for s in d.source for i in s.tokens()) else "anonymous"


def classify(doc: Doc, drafts: list[Draft]) -> None:
    quoted = quoted_tokens(doc)
    for d in drafts:
        d.form = form_of(doc, d, quoted)
        cue_words = words_of(doc, d.cue)
        if cue_words & word_list("denial_lemmas"):
            d.epistemic = "denied"
        elif d.epistemic == "hedged" or (cue_words | words_of(doc, d.message)) & word_list("hedges"):
            d.epistemic = "hedged"
        else:
            d.epistemic = "reported"
        if cue_words & word_list("thought_lemmas"):
            d.medium = "thought"
        elif (cue_words | words_of(doc, d.source)) & word_list("writing_lemmas"):
            d.medium = "writing"
        else:
            d.medium = "speech"
        d.source_type = source_type(doc, d)
