"""Rule layer for attributions without a speech verb: "laut X", "X zufolge", "nach Angaben X", ", so X,"
and impersonal hedges ("Es wird angenommen, dass ...").

These frames are closed-class patterns that a rule finds reliably, and they are what makes chains: the
"laut"-report contains the statement the model finds inside it ("Laut NYT hat Kozak geäußert, dass ...").
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import (DE, ANONYMOUS_WORDS, COMPLEMENTIZERS, CUE_VERBS, DENIAL_LEMMAS,
                                          GENITIVE_ARTICLES, NP_INNER_PREPOSITIONS, OPENERS,
                                          PARTICLE_CUES, PERSON_PRONOUNS, PLURAL_PRONOUNS, REPORTED_NOUNS,
                                          REPORTED_PREPOSITIONS, VIEW_NOUNS)
from quellenlage.attribution.drafts import Draft, Segment, runs, trim

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


def _view_noun_follows(doc: Doc, i: int, stop: int) -> bool:
    """"nach [Artikel] Polizeiangaben/Ansicht/Vernehmen": a noun of reporting or opinion after "nach"."""
    if i < stop and doc[i].pos_ == "DET":
        i += 1
    if i >= stop:
        return False
    low = doc[i].lower_
    return low in VIEW_NOUNS or any(low.endswith(n) for n in REPORTED_NOUNS if len(n) > 5)


def _message_rest(doc: Doc, sent_start: int, sent_end: int, frame: set[int]) -> list[Segment]:
    """The sentence without the frame, split where the frame interrupts it ("Doch, so X, stieß ...")."""
    parts = runs(i for i in range(sent_start, sent_end) if i not in frame)
    return [t for t in (trim(doc, p) for p in parts) if t is not None]


# "laut X", "gemäß X" (and "according to X"): prepositions before their source; "zufolge" follows it
PREPOSED_REPORTING = REPORTED_PREPOSITIONS - {"zufolge"}


def reported_frame_at(doc: Doc, tok, a: int, b: int) -> tuple[Segment, Segment] | None:
    """(cue, source) of a reported frame starting at `tok` in the sentence [a, b), or None."""
    low, i = tok.lower_, tok.i
    if low in PREPOSED_REPORTING:
        cue_end = i + 1
        if cue_end < b and doc[cue_end].lower_ in REPORTED_NOUNS:
            cue_end += 1  # "Laut Berichten der NYT": the report noun is part of the cue
        cue, src = Segment(i, cue_end), noun_phrase_after(doc, cue_end, b)
    elif low == "zufolge":
        cue, src = Segment(i, i + 1), noun_phrase_before(doc, i, a)
    elif low == "nach" and i + 1 < b and doc[i + 1].lower_ in REPORTED_NOUNS:
        after = i + 2 + (i + 2 < b and doc[i + 2].lower_ == "von")  # "nach Angaben von X"
        cue, src = Segment(i, after), noun_phrase_after(doc, after, b)
    elif low == "nach" and _view_noun_follows(doc, i + 1, b):
        # "nach Polizeiangaben", "nach Ansicht einiger Juristen", "nach dem Vernehmen"
        cue, src = Segment(i, i + 1), noun_phrase_after(doc, i + 1, b)
    elif low == "so" and i > a and doc[i - 1].text in (",", "–") and i + 1 < b:
        # ", so die Berichte des Mediums," / "..., so Berger." — not "so dass", not "so viel"
        src = noun_phrase_after(doc, i + 1, b)
        ends_phrase = src is not None and (src.end >= b - 1 or doc[src.end].text in (",", ".", "–"))
        cue, src = (Segment(i, i + 1), src) if ends_phrase else (None, None)
    else:
        return None
    return (cue, src) if cue is not None and src is not None else None


def reported_frames(doc: Doc) -> list[Draft]:
    """Drafts for "laut X" / "X zufolge" / "nach Angaben X" / ", so X," frames: the rest of the sentence is the
    message."""
    drafts = []
    for sent in doc.sents:
        for tok in sent:
            found = reported_frame_at(doc, tok, sent.start, sent.end)
            if found is None:
                continue
            cue, src = found
            message = _message_rest(doc, sent.start, sent.end, set(cue.tokens()) | set(src.tokens()))
            if message:
                drafts.append(Draft(message=message, cue=[cue], source=[src], form="reported", origin="rule",
                                    rule="reported"))
    return drafts


def impersonal_hedges(doc: Doc) -> list[Draft]:
    """"Es wird angenommen/vermutet, dass ..." and "Es heißt, ...": a hedged claim with no source, the first such
    frame of each sentence that has a message after it (patterns: lang/de/patterns/impersonal_hedges.jsonl)."""
    drafts, done = [], set()
    for _, start, end in sorted(hedge_matcher(doc.vocab)(doc), key=lambda m: (m[1], m[2])):
        sent = doc[start].sent
        if sent.start in done or end > sent.end:
            continue
        verb = next(t.i for t in doc[start + 1:end] if not t.is_space)
        cue = Segment(verb, end)
        message = trim(doc, Segment(cue.end, sent.end))
        if message is None:
            continue
        if doc[message.start].lower_ == "dass" and message.end - message.start > 1:
            message = Segment(message.start + 1, message.end)
        drafts.append(Draft(message=[message], cue=[cue], form="indirect", epistemic="hedged", origin="rule",
                            rule="hedge"))
        done.add(sent.start)
    return drafts


_hedge_matchers: dict[int, tuple] = {}


def hedge_matcher(vocab):
    """The impersonal-hedge Matcher of the German pack, built once per vocabulary."""
    cached = _hedge_matchers.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = _hedge_matchers[id(vocab)] = (vocab, DE.matcher(vocab, "impersonal_hedges"))
    return cached[1]


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


def speech_verb_before_comma(doc: Doc, tok, sent, max_adverbs: int) -> tuple[int, list[int]] | None:
    """(index of the comma or colon, particle indices) when `tok` is a speech verb of the cue lexicon followed, after
    at most `max_adverbs` adverbs, by a comma or colon; a verb that is a cue only with its particle ("machte
    deutlich, ...") needs the particle there."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or (lemma not in CUE_VERBS and lemma not in PARTICLE_CUES):
        return None
    nxt = tok.i + 1
    while nxt < sent.end - 1 and nxt - tok.i <= max_adverbs and doc[nxt].pos_ in ("ADV", "PART", "ADJ"):
        nxt += 1
    if nxt >= sent.end - 1 or doc[nxt].text not in (",", ":"):
        return None
    particle = [k for k in range(tok.i + 1, nxt) if doc[k].lower_ in PARTICLE_CUES.get(lemma, ())]
    if lemma not in CUE_VERBS and not particle:
        return None  # "machte ... ," is only a cue as "machte deutlich, ..."
    return nxt, particle


def verb_frames(doc: Doc, blocked: set[int], max_adverbs_after_cue: int) -> list[Draft]:
    """"X behauptet, Y habe ..." / "X berichten, dass ...": a speech verb of the cue lexicon right before a comma
    or colon that opens the message, with its subject as the source; the first such verb with a subject in each
    sentence. `blocked` tokens (another frame's cue and source, "Laut Berichten der NYT") cannot be the subject."""
    drafts = []
    ents = list(doc.ents)
    for sent in doc.sents:
        for tok in sent:
            found = speech_verb_before_comma(doc, tok, sent, max_adverbs_after_cue)
            src = clause_subject(doc, sent.start, tok.i, ents, blocked) if found else None
            if src is None:
                continue
            comma, particle = found
            start = comma + 1
            if doc[start].lower_ in COMPLEMENTIZERS and start + 1 < sent.end:
                start += 1
            message = trim(doc, Segment(start, sent.end))
            if message is not None and len(message) >= 3:
                cue = [Segment(tok.i, tok.i + 1)] + [Segment(k, k + 1) for k in particle]
                drafts.append(Draft(message=[message], cue=cue, source=[src], origin="rule", rule="verb"))
            break
    return drafts


def denial_frames(doc: Doc, blocked: set[int]) -> list[Draft]:
    """"Der Betreiber, die X GmbH, bestritt die Vorwürfe.": a denial verb with its object as the message (what is
    denied) when no comma clause follows; the verb-frame rule covers "X bestritt, dass ..."."""
    drafts = []
    ents = list(doc.ents)
    for sent in doc.sents:
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in DENIAL_LEMMAS or tok.i + 1 >= sent.end:
                continue
            if doc[tok.i + 1].text in (",", ":"):
                continue
            src = clause_subject(doc, sent.start, tok.i, ents, blocked)
            obj = noun_phrase_after(doc, tok.i + 1, sent.end)
            if src is not None and obj is not None:
                drafts.append(Draft(message=[obj], cue=[Segment(tok.i, tok.i + 1)], source=[src], origin="rule",
                                    rule="denial"))
            break
    return drafts
