"""Repairs of single drafts where the tagger is known to fall short: sources and cues cut short, missing sources."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from quellenlage.attribution.cues import CLAUSE_BREAKS, CUE_VERBS, DENIAL_LEMMAS, INVERSION_MARKS
from quellenlage.attribution.drafts import Draft, Segment
from quellenlage.attribution.grammar import clause_subject, noun_phrase_after


def complete_source(doc: Doc, seg, message: set[int]):
    """Grow a tagger source cut short ("der" of "der Sprecher des Ministeriums") to its noun phrase, and take in a
    name in apposition ("die Landesvorsitzende des Verbands, Karin Broszat")."""
    sent_end = doc[seg.start].sent.end
    last = doc[seg.end - 1]
    cut_short = last.pos_ in ("DET", "ADJ", "ADP", "NUM") or \
        (seg.end < sent_end and doc[seg.end].pos_ in ("NOUN", "PROPN"))
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


# verbs whose lemma with a particle in front is a cue ("mit" + "teilen" = mitteilen)
PARTICLE_VERBS = CUE_VERBS | DENIAL_LEMMAS


@dataclass(frozen=True)
class RepairRules:
    """Thresholds of the repair stage (the factory config of `quellenlage_attribution_repair`)."""
    # A run-on sentence continues a speaker whose attribution ended at most this many tokens before it.
    runon_reach: int = 60
    # A separated particle ("teilte am Montag ... mit") is looked for at most this many tokens from its verb.
    max_particle_distance: int = 12


def complete_cue(doc: Doc, cue: Segment, message: set[int], reach: int = 12) -> list[Segment]:
    """Add the separated particle of a cue verb: "teilte ... mit" (mitteilen), "wies ... zurück" (zurückweisen),
    or the verb of a cue the tagger marked only by its particle; `reach` tokens at most within the clause."""
    if len(cue) != 1:
        return [cue]
    if doc[cue.start].pos_ not in ("VERB", "AUX"):
        verb = verb_of_particle(doc, cue, reach)
        return [verb, cue] if verb is not None else [cue]
    particle = particle_of_verb(doc, cue, message, reach)
    return [cue, particle] if particle is not None else [cue]


def verb_of_particle(doc: Doc, cue: Segment, reach: int) -> Segment | None:
    """The tagger marked only the particle ("teilte am Montag mit"): its verb earlier in the clause."""
    particle = doc[cue.start].lower_
    k = cue.start - 1
    while k >= 0 and doc[k].text not in CLAUSE_BREAKS and cue.start - k < reach:
        if doc[k].pos_ in ("VERB", "AUX") and particle + doc[k].lemma_.lower() in PARTICLE_VERBS:
            return Segment(k, k + 1)
        k -= 1
    return None


def particle_of_verb(doc: Doc, cue: Segment, message: set[int], reach: int) -> Segment | None:
    """The particle at the end of the verb's clause ("wies die Vorwürfe zurück"), outside the message."""
    lemma = doc[cue.start].lemma_.lower()
    j = cue.end
    while j < len(doc) and doc[j].text not in CLAUSE_BREAKS and not doc[j].is_sent_start and j - cue.end < reach:
        j += 1
    particle = j - 1
    if particle >= cue.end and particle not in message and doc[particle].lower_ + lemma in PARTICLE_VERBS:
        return Segment(particle, particle + 1)
    return None


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
