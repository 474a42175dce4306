"""A small grammar of German noun phrases and clause subjects over POS tags, without a parser: the source phrase of
a frame ("Quellen aus dem Umfeld des Kremls"), the subject of a speech verb ("X behauptet", "Im Jahr 2022 hatte
Reuters berichtet"), appositions (", einer der engsten Weggefährten Putins,") and genitive possessors ("Putins").
Used by the rule frames, the repairs and the actors.
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import (ANONYMOUS_WORDS, GENITIVE_ARTICLES, NP_INNER_PREPOSITIONS, OPENERS,
                                          PERSON_PRONOUNS, PLURAL_PRONOUNS)
from quellenlage.attribution.drafts import Segment


# Parts of speech that can continue a noun phrase ("der renommierten amerikanischen Zeitung The New York Times").
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "X", "PRON"})
MAX_SOURCE_TOKENS = 12


def _participial_attribute(doc: Doc, j: int, stop: int) -> int:
    """Skip "mit den Gesprächen vertrauten" in "zwei mit den Gesprächen vertrauten Personen": a prepositional
    phrase and a participle standing before the head noun. Returns j unchanged where there is none."""
    if j >= stop or doc[j].pos_ != "ADP":
        return j

    def run(k, tags):
        while k < stop and doc[k].pos_ in tags:
            k += 1
        return k

    k = run(j + 1, ("DET",))
    k = run(k, ("ADJ", "NUM"))
    nouns_end = run(k, ("NOUN", "PROPN"))
    participle_end = run(nouns_end, ("ADJ",))
    if nouns_end > k and participle_end > nouns_end and participle_end < stop \
            and doc[participle_end].pos_ in ("NOUN", "PROPN"):
        return participle_end
    return j


def _np_core(doc: Doc, i: int, stop: int) -> int | None:
    """End of "[article] [adjectives/numbers] head noun(s) [name]" starting at i, or None."""
    if i >= stop:
        return None
    if doc[i].pos_ == "PRON" and doc[i].lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS:
        return i + 1  # "er", "sie": a whole noun phrase
    j = i + 1 if doc[i].pos_ in ("DET", "PRON") else i
    while j < stop and doc[j].pos_ in ("ADJ", "NUM"):
        j += 1
    j = _participial_attribute(doc, j, stop)
    head = j
    # head nouns and a name after them ("Zeitung The New York Times"); a capitalised word the tagger missed
    while j < stop and (doc[j].pos_ in ("NOUN", "PROPN", "X")
                        or (j > head and doc[j].text[:1].isupper() and doc[j].pos_ not in ("VERB", "AUX", "PUNCT"))):
        j += 1
    return j if j > head else None


def noun_phrase_after(doc: Doc, i: int, stop: int) -> Segment | None:
    """The noun phrase starting at token i: a core noun phrase plus genitive and prepositional attachments
    ("Quellen aus dem Umfeld des Kremls"). No parser: a small POS grammar, which stops before the next phrase
    ("laut den Angaben | zwei deutsche Touristen")."""
    j = _np_core(doc, i, stop)
    if j is None:
        return None
    while j < stop and j - i < MAX_SOURCE_TOKENS:
        low = doc[j].lower_
        if low in GENITIVE_ARTICLES:
            k = _np_core(doc, j, stop)
        elif low in NP_INNER_PREPOSITIONS:
            k = _np_core(doc, j + 1, stop)
        else:
            break
        if k is None:
            break
        j = k
    return Segment(i, j)


def noun_phrase_before(doc: Doc, i: int, start: int) -> Segment | None:
    """The noun phrase ending just before token i ("dem Bericht der Zeitung zufolge")."""
    j = i
    while j > start and i - j < MAX_SOURCE_TOKENS:
        tok = doc[j - 1]
        if tok.pos_ in NP_POS or (tok.lower_ in NP_INNER_PREPOSITIONS and j < i):
            j -= 1
        else:
            break
    return Segment(j, i) if j < i else None


VERB_COMPLEX = frozenset({"AUX", "ADV", "PART"})


def appositions(doc: Doc) -> list[Segment]:
    """", einer der engsten Weggefährten Wladimir Putins," after a name: names inside are not the subject."""
    out = []
    for ent in doc.ents:
        k = ent.end
        if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].pos_ in ("DET", "PRON", "NUM") \
                and doc[k + 2].pos_ in ("ADJ", "NOUN", "ADP", "DET"):
            j = k + 1
            while j < len(doc) and doc[j].text not in (",", ".", ";") and doc[j].pos_ not in ("VERB", "AUX"):
                j += 1
            out.append(Segment(k, j))
    return out


def is_possessor(doc: Doc, seg) -> bool:
    """"(Weggefährten) Wladimir Putins", "(im Umfeld) Putins": a name in genitive -s after a noun is a possessor,
    neither an agent nor a likely antecedent, and the noun before it is not its title."""
    last = doc[seg.end - 1].text
    if not (last.endswith("s") and not last.endswith("ss") and seg.start > 0 and doc[seg.start - 1].pos_ == "NOUN"):
        return False
    # only where the text also has the name without -s ("Putin"): "Zeitung The New York Times" is no genitive
    return last[:-1] in words_of(doc)


_last_words: tuple = (None, frozenset())  # the last document asked about and its words (asked once per mention)


def words_of(doc: Doc) -> frozenset[str]:
    """Every token text of the document, computed once per document (kept outside the Doc: a Doc's user data
    must stay serialisable). The cache is one tuple, replaced whole, so threads never see another's words."""
    global _last_words
    cached = _last_words
    if cached[0] is not doc:
        cached = _last_words = (doc, frozenset(t.text for t in doc))
    return cached[1]


def skip_apposition(doc: Doc, i: int, stop: int) -> int:
    """Index after ", <noun phrase>," starting at i, or i itself when no such apposition starts there."""
    if i < stop and doc[i].text == ",":
        j = i + 1
        while j < stop and doc[j].text != "," and doc[j].pos_ in NP_POS | {"ADP"}:
            j += 1
        if j < stop and doc[j].text == "," and j > i + 1:
            return j + 1
    return i


def clause_subject(doc: Doc, sent_start: int, cue: int, ents, blocked: set[int]) -> Segment | None:
    """Who speaks in "X behauptet, ..." / "Im Jahr 2022 hatte Reuters berichtet, ...": the noun phrase that opens
    the sentence, else the last named entity (not inside an apposition, a genitive or another frame's source) or
    anonymous-source noun phrase before the cue."""
    return (opening_subject(doc, sent_start, cue, blocked) or last_named_before(doc, sent_start, cue, ents, blocked)
            or anonymous_before(doc, sent_start, cue))


def opening_subject(doc: Doc, sent_start: int, cue: int, blocked: set[int]) -> Segment | None:
    """The noun phrase that opens the sentence (after openers such as "Zudem"), when only auxiliaries and adverbs
    stand between it and the cue ("X behauptet", "X habe betont", "X hat nun erklärt"); an apposition between
    commas may follow it ("Der Betreiber, die X GmbH, bestritt")."""
    i = sent_start
    while i < cue and (doc[i].lower_ in OPENERS or doc[i].text == ","):
        i += 1
    np = noun_phrase_after(doc, i, cue)
    if np is None or blocked & set(np.tokens()):
        return None
    between = skip_apposition(doc, np.end, cue)
    return np if all(doc[k].pos_ in VERB_COMPLEX for k in range(between, cue)) else None


def last_named_before(doc: Doc, sent_start: int, cue: int, ents, blocked: set[int]) -> Segment | None:
    """The last PER/ORG entity before the cue that is not in an apposition, a genitive or a blocked frame."""
    appo = {t for a in appositions(doc) for t in a.tokens()}
    before = [e for e in ents if sent_start <= e.start and e.end <= cue and e.label_ in ("PER", "ORG")
              and e.start not in appo and e.start not in blocked and not is_possessor(doc, e)]
    return Segment(before[-1].start, before[-1].end) if before else None


def anonymous_before(doc: Doc, sent_start: int, cue: int) -> Segment | None:
    """The nearest anonymous-source noun ("Quellen", "Kreise") before the cue, with its adjectives and article."""
    for k in range(cue - 1, sent_start - 1, -1):
        if doc[k].lower_ in ANONYMOUS_WORDS:
            start = k
            while start > sent_start and doc[start - 1].pos_ in ("ADJ", "DET"):
                start -= 1
            return Segment(start, k + 1)
    return None
