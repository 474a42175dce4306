"""Rule-based sentence boundaries for news typography, fast and predictable.

The tokenizer already splits "Bereich.Doch" into three tokens and keeps "z.B.", "Dr.", "U.S.", "3.5", URLs and
e-mail addresses whole, so a boundary here is a decision about tokens, never about raw characters.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = {".", "!", "?", "…", "...", "?!", "!?", "!!", "??"}
# Closing quotes and brackets after a terminal still belong to the sentence: „Wir gehen.“ Dann ...
CLOSERS = {"“", "”", "\"", "«", "»", "'", "’", "‘", ")", "]"}
# After a line break these tokens continue the line before (a hard-wrapped sentence), so no boundary.
CONTINUERS = {",", "-", "–", ":", "(", "und", "oder"}


def _starts_sentence(token) -> bool:
    """A lowercase word after a period is an abbreviation we did not know ("ca. fünf"), not a new sentence."""
    first = token.text[:1]
    return not first.islower()


def _closes(doc: Doc, j: int, closers, attached_only) -> bool:
    """A closing mark after a terminal; marks in `attached_only` close only when no space comes before them
    (English `. "We` opens a quote, `drink."` closes one)."""
    text = doc[j].text
    return text in closers and not (text in attached_only and doc[j - 1].whitespace_)


def set_boundaries(doc: Doc, closers=CLOSERS, attached_only=frozenset(), continuers=CONTINUERS) -> Doc:
    n = len(doc)
    starts = [False] * n
    if n:
        starts[0] = True
    i = 0
    while i < n:
        tok = doc[i]
        if tok.text in TERMINALS:
            j = i + 1
            while j < n and (_closes(doc, j, closers, attached_only) or doc[j].text in TERMINALS):
                j += 1
            k = j
            while k < n and doc[k].is_space:
                k += 1
            if k < n and (_starts_sentence(doc[k]) or "\n" in doc[j - 1].whitespace_ or k > j):
                starts[k] = True
            i = j
            continue
        if tok.is_space and "\n" in tok.text:  # spaCy keeps line breaks as space tokens, never in whitespace_
            k = i + 1
            while k < n and doc[k].is_space:
                k += 1
            prev = i if not tok.is_space else i - 1
            while prev >= 0 and doc[prev].is_space:
                prev -= 1
            blank_line = tok.text.count("\n") >= 2
            if k < n and (blank_line or (prev >= 0 and doc[prev].text not in continuers and _starts_sentence(doc[k]))):
                starts[k] = True
        i += 1
    # one array write: setting token.is_sent_start checks the whole document for a parse each time (quadratic)
    if n:
        flags = np.array([1 if s else -1 for s in starts], dtype=np.int64)
        doc.from_array([SENT_START], flags.view(np.uint64)[:, None])
    return doc


class SentenceRules:
    """Sentence boundaries at terminal punctuation and line breaks (see module docstring), with the closing
    quotation marks and line continuers of a language's typography (None: the German ones above)."""

    def __init__(self, closers, attached_only, continuers):
        self.closers = frozenset(CLOSERS if closers is None else closers)
        self.attached_only = frozenset(attached_only or ())
        self.continuers = frozenset(CONTINUERS if continuers is None else continuers)

    def __call__(self, doc: Doc) -> Doc:
        return set_boundaries(doc, self.closers, self.attached_only, self.continuers)


@Language.factory("quellenlage_sentences", assigns=["token.is_sent_start", "doc.sents"],
                  default_config={"closers": None, "attached_only": None, "continuers": None})
def quellenlage_sentences(nlp: Language, name: str, closers: list[str] | None, attached_only: list[str] | None,
                          continuers: list[str] | None) -> SentenceRules:
    """English: closers ” ’ " ' ) ] with " and ' closing only when attached (“ opens a quote in English)."""
    return SentenceRules(closers, attached_only, continuers)
