"""Names of actors inside one document: the fullest name in the nominative, which shorter or inflected forms
name the same referent ("Dmitry Kozak" ... "Kozak" ... "Kozaks"), and the names outlets and organisations are
given ("einem Bericht des Hunsrücker Anzeigers" -> "Hunsrücker Anzeiger").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from quellenlage.attribution.cues import ARTICLES, ORGANISATION_WORDS, OUTLET_DESCRIPTIONS, OUTLET_WORDS
from quellenlage.attribution.drafts import Segment
from quellenlage.attribution.grammar import skip_apposition


@dataclass
class ActorDraft:
    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[Segment] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fullest name, in the nominative where the text shows it ("Wladimir Putins" + "Putin")."""
        full = max(self.names, key=len)
        words = full.split()
        bases = {n.split()[-1] for n in self.names if n.split()}
        if len(words) > 1 and words[-1].endswith("s") and words[-1][:-1] in bases:
            words[-1] = words[-1][:-1]
        elif self.type == "outlet":
            words = outlet_nominative(words)  # the NER's "Hunsrücker Anzeigers" in "laut des Hunsrücker Anzeigers"
        return " ".join(words)

    def key_tokens(self) -> list[str]:
        return [norm(w) for w in self.name.split()]


def norm(word: str) -> str:
    """Lowercase, without a genitive ending: "Putins" and "Kozaks'" name Putin and Kozak."""
    w = word.lower().strip("'’")
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def same_referent(a: ActorDraft, words: list[str], etype: str) -> bool:
    """A shorter name matches a fuller one when its words are a tail of it (surname) or all inside it."""
    if a.type != etype and not (etype == "organisation" and a.type == "outlet"):
        return False
    mine = a.key_tokens()
    cand = [norm(w) for w in words]
    if not cand or not mine:
        return False
    if etype == "person":
        if cand[-1] != mine[-1]:
            return False
        # different first names on the same surname are different people (Kozak, Dmitry vs Anna)
        return len(cand) == 1 or len(mine) == 1 or cand[0] == mine[0] or cand[0][:1] == mine[0][:1] and \
            cand[0].endswith(".")
    return cand == mine or set(cand) <= set(mine) or set(mine) <= set(cand)


def named_apposition(doc: Doc, seg: Segment) -> str | None:
    """The organisation name in ", die X GmbH," right after a description, without its article."""
    end = skip_apposition(doc, seg.end, len(doc))
    if end == seg.end:
        return None
    inner = [t for t in doc[seg.end + 1:end - 1] if t.lower_ not in ARTICLES]
    if inner and {t.lower_ for t in inner} & ORGANISATION_WORDS:
        return " ".join(t.text for t in inner)
    return None


def outlet_name(doc: Doc, seg: Segment) -> str:
    """The outlet a phrase names: "einem Bericht des Hunsrücker Anzeigers" -> "Hunsrücker Anzeiger"."""
    toks = [doc[i] for i in seg.tokens()]
    while toks and (toks[0].lower_ in ARTICLES or norm(toks[0].text) in OUTLET_DESCRIPTIONS
                    or toks[0].lower_ in ("berichten", "angaben")):
        toks = toks[1:]
    if not toks:
        return doc[seg.start:seg.end].text
    return " ".join(outlet_nominative([t.text for t in toks]))


def outlet_nominative(words: list[str]) -> list[str]:
    """An outlet's name without its genitive -s: "Kuriers" -> "Kurier"."""
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and norm(words[-1]) in OUTLET_WORDS:
        return words[:-1] + [words[-1][:-1]]
    return words


def words_of_phrase(doc: Doc, seg: Segment) -> set[str]:
    """Lowercased words, each also without a genitive -s ("Kuriers" -> "kurier")."""
    words = {doc[i].lower_ for i in seg.tokens()}
    return words | {norm(w) for w in words}
