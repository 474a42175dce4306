"""Repairs of single drafts where the tagger is known to fall short: sources and cues cut short, missing sources,
message extents that differ from the annotation convention."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import CUE_VERBS, DENIAL_LEMMAS
from quellenlage.attribution.drafts import Draft, Segment, runs
from quellenlage.attribution.frames import clause_subject, noun_phrase_after


def complete_source(doc: Doc, seg, message: set[int]):
    """Grow a tagger source cut short ("der" of "der Sprecher des Ministeriums") to its noun phrase, and take in a
    name in apposition ("die Landesvorsitzende des Verbands, Karin Broszat")."""
    sent_end = doc[seg.start].sent.end
    last = doc[seg.end - 1]
    cut_short = last.pos_ in ("DET", "ADJ", "ADP", "NUM") or (seg.end < sent_end and doc[seg.end].pos_ in ("NOUN", "PROPN"))
    if cut_short:
        np = noun_phrase_after(doc, seg.start, sent_end)
        if np is not None and np.end > seg.end and not set(range(seg.end, np.end)) & message:
            seg = Segment(seg.start, np.end)
    k = seg.end
    if k + 1 < sent_end and doc[k].text == "," and doc[k + 1].ent_type_ == "PER":
        j = k + 1
        while j < sent_end and doc[j].ent_type_ == "PER" and doc[j].ent_iob_ != "B" or j == k + 1:
            j += 1
        if j < sent_end and (doc[j].text == "," or doc[j].pos_ in ("VERB", "AUX")) and \
                not set(range(k, j)) & message:
            seg = Segment(seg.start, j)
    return seg


INVERSION_MARKS = frozenset({",", "“", "”", "\"", "»", "«"})


CLAUSE_END = frozenset({",", ";", ".", ":", "!", "?", "„", "“", "\""})


def complete_cue(doc: Doc, cue: Segment, message: set[int]) -> list[Segment]:
    """Add the separated particle of a cue verb: "teilte ... mit" (mitteilen), "wies ... zurück" (zurückweisen)."""
    verb = doc[cue.start]
    if len(cue) != 1:
        return [cue]
    if verb.pos_ not in ("VERB", "AUX"):
        # the tagger marked only the particle ("teilte am Montag mit"): find its verb earlier in the clause
        k = cue.start - 1
        while k >= 0 and doc[k].text not in CLAUSE_END and cue.start - k < 12:
            if doc[k].pos_ in ("VERB", "AUX") and verb.lower_ + doc[k].lemma_.lower() in CUE_VERBS | DENIAL_LEMMAS:
                return [Segment(k, k + 1), cue]
            k -= 1
        return [cue]
    j = cue.end
    while j < len(doc) and doc[j].text not in CLAUSE_END and not doc[j].is_sent_start and j - cue.end < 12:
        j += 1
    particle = j - 1
    if particle >= cue.end and particle not in message and \
            doc[particle].lower_ + verb.lemma_.lower() in CUE_VERBS | DENIAL_LEMMAS:
        return [cue, Segment(particle, particle + 1)]
    return [cue]


def fill_missing_sources(doc: Doc, drafts: list[Draft], blocked: set[int]) -> None:
    """A verb cue whose source the tagger missed: the subject of its clause, found as the verb frames find it."""
    ents = list(doc.ents)
    for d in drafts:
        if d.cue and not d.source and d.continues is None and doc[d.cue[0].start].pos_ in ("VERB", "AUX"):
            cue = d.cue[0]
            sent = doc[cue.start].sent
            taken = blocked | d.message_tokens()
            if cue.start > sent.start and doc[cue.start - 1].text in INVERSION_MARKS:
                # „…“, betonte Struck. / ..., sagte Keller am Dienstag: the subject follows the cue
                src = noun_phrase_after(doc, cue.end, sent.end)
            else:
                src = clause_subject(doc, sent.start, cue.start, ents, taken)
            if src is not None and not taken & set(src.tokens()):
                d.source = [src]


# A cue-less message covering at least this share of its sentences is the sentences themselves.
SENTENCE_SNAP_SHARE = 0.8
SENTENCE_END = frozenset({".", "!", "?"})
LEADING_SEPARATORS = frozenset({",", ";", ":", "-", "–"})


def shape_message(doc: Doc, d: Draft) -> None:
    """Message extent as the annotation convention has it: speech without a cue of its own (run-on, free
    indirect, reported) is whole sentences, final punctuation included; a message after a cue stops before it."""
    msg = d.message_tokens()
    while msg and doc[max(msg)].is_space:
        msg = msg - {max(msg)}
    while msg and doc[min(msg)].is_space:
        msg = msg - {min(msg)}
    if not msg:
        return
    d.message = runs(msg)
    # an addressee inside the message belongs to something said there, not to this attribution
    d.addressee = [a for a in d.addressee if not set(a.tokens()) & msg]
    if not d.cue and d.form in ("indirect_free_indirect", "free_indirect", "reported"):
        sents = sorted({doc[i].sent.start for i in msg})
        span = [t.i for s in sents for t in doc[s].sent if not t.is_space]
        if span and len(msg) / len(span) >= SENTENCE_SNAP_SHARE:
            d.message = runs(span)
    elif d.form != "direct":
        last = max(msg)
        if doc[last].text in SENTENCE_END and len(msg) > 1:
            msg = msg - {last}
        # the tagger sometimes starts a message at the comma after its cue (", dass ...")
        while len(msg) > 1 and (doc[min(msg)].text in LEADING_SEPARATORS or doc[min(msg)].is_space):
            msg = msg - {min(msg)}
        d.message = runs(msg)
