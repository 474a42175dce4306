"""Rule layer for attributions without a speech verb: "laut X", "X zufolge", "nach Angaben X", ", so X,"
and impersonal hedges ("Es wird angenommen, dass ...").

These frames are closed-class patterns that a rule finds reliably, and they are what makes chains: the
"laut"-report contains the statement the model finds inside it ("Laut NYT hat Kozak geäußert, dass ...").
Their source phrases and subjects come from the noun-phrase grammar (grammar.py).
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import (DE, COMPLEMENTIZERS, CUE_VERBS, DENIAL_LEMMAS, PARTICLE_CUES,
                                          REPORTED_NOUNS, REPORTED_PREPOSITIONS, VIEW_NOUNS)
from quellenlage.attribution.drafts import Draft, Segment, runs, trim
from quellenlage.attribution.grammar import clause_subject, noun_phrase_after, noun_phrase_before


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
