"""Rule layer for attributions without a speech verb: "laut X", "X zufolge", "nach Angaben X", ", so X,"
and impersonal hedges ("Es wird angenommen, dass ...").

These frames are closed-class patterns that a rule finds reliably, and they are what makes chains: the
"laut"-report contains the statement the model finds inside it ("Laut NYT hat Kozak geäußert, dass ...").
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import IMPERSONAL_HEDGE_LEMMAS, REPORTED_NOUNS, REPORTED_PREPOSITIONS
from quellenlage.attribution.drafts import Draft, Segment, runs, trim

# Parts of speech that can continue a noun phrase ("der renommierten amerikanischen Zeitung The New York Times").
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "X", "PRON"})
# Prepositions that stay inside a source phrase ("Quellen aus dem Umfeld des Kremls").
NP_INNER_ADP = frozenset({"aus", "von", "im", "in", "des", "der", "um", "bei", "of", "from", "close"})
MAX_SOURCE_TOKENS = 12


def noun_phrase_after(doc: Doc, i: int, stop: int) -> Segment | None:
    """The noun phrase starting at token i (a greedy POS walk; the morphologizer has no parser to ask)."""
    j = i
    while j < stop and j - i < MAX_SOURCE_TOKENS:
        tok = doc[j]
        if tok.pos_ in NP_POS and tok.pos_ != "PRON" or (tok.pos_ == "PRON" and j == i):
            j += 1
        elif tok.lower_ in NP_INNER_ADP and j + 1 < stop and doc[j + 1].pos_ in NP_POS:
            j += 1
        elif tok.text[:1].isupper() and tok.pos_ not in ("VERB", "AUX", "PUNCT"):
            j += 1  # a capitalised word the tagger missed inside a name
        else:
            break
    return Segment(i, j) if j > i else None


def noun_phrase_before(doc: Doc, i: int, start: int) -> Segment | None:
    """The noun phrase ending just before token i ("dem Bericht der Zeitung zufolge")."""
    j = i
    while j > start and i - j < MAX_SOURCE_TOKENS:
        tok = doc[j - 1]
        if tok.pos_ in NP_POS or (tok.lower_ in NP_INNER_ADP and j < i):
            j -= 1
        else:
            break
    return Segment(j, i) if j < i else None


def _message_rest(doc: Doc, sent_start: int, sent_end: int, frame: set[int]) -> list[Segment]:
    """The sentence without the frame, split where the frame interrupts it ("Doch, so X, stieß ...")."""
    parts = runs(i for i in range(sent_start, sent_end) if i not in frame)
    return [t for t in (trim(doc, p) for p in parts) if t is not None]


def reported_frames(doc: Doc) -> list[Draft]:
    """Drafts for "laut X" / "X zufolge" / "nach Angaben X" / ", so X," frames."""
    drafts = []
    for sent in doc.sents:
        a, b = sent.start, sent.end
        for tok in sent:
            low = tok.lower_
            cue = src = None
            if low in REPORTED_PREPOSITIONS - {"zufolge"}:
                cue_end = tok.i + 1
                if cue_end < b and doc[cue_end].lower_ in REPORTED_NOUNS:
                    cue_end += 1  # "Laut Berichten der NYT": the report noun is part of the cue
                cue, src = Segment(tok.i, cue_end), noun_phrase_after(doc, cue_end, b)
            elif low == "zufolge":
                cue, src = Segment(tok.i, tok.i + 1), noun_phrase_before(doc, tok.i, a)
            elif low == "nach" and tok.i + 1 < b and doc[tok.i + 1].lower_ in REPORTED_NOUNS:
                cue, src = Segment(tok.i, tok.i + 2), noun_phrase_after(doc, tok.i + 2, b)
            elif low == "so" and tok.i > a and doc[tok.i - 1].text in (",", "–") and tok.i + 1 < b:
                # ", so die Berichte des Mediums," / "..., so Berger." — not "so dass", not "so viel"
                src = noun_phrase_after(doc, tok.i + 1, b)
                if src is not None and (src.end >= b - 1 or doc[src.end].text in (",", ".", "–")):
                    cue = Segment(tok.i, tok.i + 1)
                else:
                    src = None
            if cue is None or src is None:
                continue
            frame = set(cue.tokens()) | set(src.tokens())
            message = _message_rest(doc, a, b, frame)
            if message:
                drafts.append(Draft(message=message, cue=[cue], source=[src], form="reported", origin="rule"))
    return drafts


def impersonal_hedges(doc: Doc) -> list[Draft]:
    """"Es wird angenommen/vermutet, dass ..." and "Es heißt, ...": a hedged claim with no source."""
    drafts = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        for k, tok in enumerate(toks[:-2]):
            if tok.lower_ != "es":
                continue
            nxt = toks[k + 1]
            if nxt.lemma_.lower() == "werden" and k + 2 < len(toks) and \
                    toks[k + 2].lemma_.lower() in IMPERSONAL_HEDGE_LEMMAS:
                cue = Segment(nxt.i, toks[k + 2].i + 1)
            elif nxt.lemma_.lower() in ("heißen",):
                cue = Segment(nxt.i, nxt.i + 1)
            else:
                continue
            rest = Segment(cue.end, sent.end)
            message = trim(doc, rest)
            if message is None:
                continue
            if doc[message.start].lower_ == "dass" and message.end - message.start > 1:
                message = Segment(message.start + 1, message.end)
            drafts.append(Draft(message=[message], cue=[cue], form="indirect", epistemic="hedged",
                                origin="rule"))
            break
    return drafts
