"""Roles of a person as the text gives them: an apposition after the name (", einer der engsten Weggefährten
Wladimir Putins,") or a title noun before it ("Bürgermeisterin Anna Keller")."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import OPENERS
from quellenlage.attribution.drafts import Segment
from quellenlage.attribution.grammar import is_possessor


def apposition_role(doc: Doc, seg: Segment, max_verbs: int, max_tokens: int) -> str | None:
    """", einer der engsten Weggefährten Putins," or ", der stellvertretende Leiter der Präsidialverwaltung": a noun
    phrase of at most `max_tokens` after the name, also after up to `max_verbs` clause-final verbs ("... auf Sergey
    Kiriyenko übertragen, der Leiter der ...")."""
    k = seg.end
    while k < len(doc) and k - seg.end < max_verbs and doc[k].pos_ in ("VERB", "AUX"):
        k += 1
    if k + 1 >= len(doc) or doc[k].text != ",":
        return None
    first = doc[k + 1]
    article_like = first.lower_ in ("der", "die", "das", "ein", "eine", "einer", "eines", "the", "a", "an")
    if not article_like or k + 2 >= len(doc) or doc[k + 2].pos_ not in ("ADJ", "NOUN", "PROPN", "DET", "ADP"):
        return None  # "Kozak, der sagte ..." is a relative clause, not an apposition
    j = k + 1
    while j < len(doc) and j - k <= max_tokens and doc[j].text not in (",", ".", ";", "!", "?", "\n") \
            and not _finite(doc[j]):
        j += 1
    if j < len(doc) and _finite(doc[j]) or j - k > max_tokens:
        return None  # a clause, not a noun phrase
    return doc[k + 1:j].text.strip() or None


def _finite(tok) -> bool:
    """A finite verb (the morphologizer sometimes calls an inflected noun or adjective a VERB)."""
    return tok.pos_ in ("VERB", "AUX") and tok.morph.get("VerbForm") == ["Fin"]


def title_role(doc: Doc, seg: Segment) -> str | None:
    """A title noun right before the name: "Bürgermeisterin Anna Keller", "Landrat Thomas Berger"."""
    k = seg.start - 1
    if is_possessor(doc, seg):
        return None  # the noun before governs the genitive name; it is not a title
    if k < 0 or doc[k].pos_ not in ("NOUN", "PROPN") or not doc[k].text[:1].isupper() or doc[k].lower_ in OPENERS \
            or doc[k].ent_type_:
        return None
    if doc[seg.end - 1].text.endswith("s") and doc[seg.end - 1].pos_ == "PROPN" and k > 0 and \
            doc[k - 1].pos_ in ("ADJ", "DET"):
        return None  # "Weggefährten Wladimir Putins": the noun governs a genitive name, it is not his title
    j = k
    while j > 0 and doc[j - 1].pos_ == "ADJ":
        j -= 1
    return doc[j:k + 1].text
