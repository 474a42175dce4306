"""The spaCy component that turns tagger labels and rule frames into the document's attribution layer."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution.actors import build_actors
from quellenlage.attribution.classify import classify
from quellenlage.attribution.cues import CUE_VERBS, DENIAL_LEMMAS
from quellenlage.attribution.drafts import Draft, Segment, char_span, runs
from quellenlage.attribution.frames import (appositions, clause_subject, denial_frames, impersonal_hedges,
                                            konjunktiv_runons, noun_phrase_after, reported_frames, verb_frames)
from quellenlage.attribution.linking import link
from quellenlage.model import Attribution
from quellenlage.nlp.extensions import setup_extensions


# A run-on sentence continues a speaker whose attribution ended at most this many tokens before it.
RUNON_REACH = 60


def _overlaps(a, b) -> bool:
    ta = {i for s in a for i in s.tokens()}
    return any(i in ta for s in b for i in s.tokens())


def merge_rule_drafts(model: list[Draft], rules: list[Draft]) -> list[Draft]:  # noqa: C901
    """Closed-class frames ("laut X", "X behauptet, ...") know their cue and source phrase better than the
    tagger: where the tagger found the same frame, the rule's cue and source replace the tagger's, and the
    tagger's message stays unless it swallowed the frame or is a fragment of the rule's. Unseen frames are added.
    """
    out = list(model)
    absorbed: set[int] = set()
    for r in rules:
        frame = r.cue + r.source
        free = [m for m in model if m in out and id(m) not in absorbed]
        # best twin first: same cue, then same source, then a message that swallowed the frame
        twins = [m for m in free if _overlaps(m.cue, r.cue)] + \
                [m for m in free if not _overlaps(m.cue, r.cue) and _overlaps(m.source, r.source)] + \
                [m for m in free if not _overlaps(m.cue, r.cue) and not _overlaps(m.source, r.source)
                 and _overlaps(m.message, frame)]
        if not twins and r.epistemic == "hedged":
            twins = [m for m in free if not m.source and _overlaps(m.message, r.message)]
        if not twins:
            out.append(r)
            continue
        keep = twins[0]
        absorbed.add(id(keep))
        for extra in twins[1:]:
            # a second tagger piece of the same frame (a one-word "message" inside the source) is noise
            region = set(range(min(r.frame_tokens() | r.message_tokens()), r.end))
            extra_msg = extra.message_tokens()
            # mostly the rule's message again (the tagger ran it on into the next sentence): a duplicate
            if extra_msg <= region or len(extra_msg & r.message_tokens()) * 2 >= len(extra_msg):
                out.remove(extra)
                for d in out:
                    if d.continues is extra:
                        d.continues = keep
        swallowed = _overlaps(keep.message, frame)
        # (one token of slack: the rule leaves the complementizer "dass" out of the message)
        fragment = len(keep.message_tokens() - r.message_tokens()) <= 1 and \
            len(keep.message_tokens()) < len(r.message_tokens()) / 2
        # a laut/zufolge/so frame reports the whole rest of its sentence
        if swallowed or fragment or not keep.message or r.form == "reported":
            keep.message = r.message
        keep.cue, keep.source = r.cue, r.source
        keep.continues = None
        keep.origin = "model+rule"
        if r.epistemic == "hedged":
            keep.epistemic = "hedged"
        if r.form == "reported":
            keep.form = "reported"
    return out


def drop_apposition_messages(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A "message" that is exactly an apposition (", einer der engsten Weggefährten Putins,") is a role."""
    appo = [set(a.tokens()) for a in appositions(doc)]
    return [d for d in drafts if not any(d.message_tokens() <= a for a in appo)]


def add_runons(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Konjunktiv-I sentences that run on after an attribution continue it; tagger fragments inside such a
    sentence that were linked as continuations are replaced by the whole sentence."""
    covered = {i for d in drafts if d.continues is None for i in d.message_tokens() | d.frame_tokens()}
    for r in konjunktiv_runons(doc, covered):
        sent = doc[r.message[0].start].sent
        inside = [d for d in drafts if d.continues is not None and not d.cue
                  and all(sent.start <= s.start and s.end <= sent.end for s in d.message)]
        prev = [d for d in drafts if d.end <= sent.start and d not in inside]
        if not prev:
            continue
        speaker = max(prev, key=lambda d: d.end)
        if sent.start - speaker.end > RUNON_REACH:
            continue
        for d in inside:
            drafts.remove(d)
        r.continues = speaker
        r.source = list(speaker.source)
        drafts.append(r)
    return drafts


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


def inherit_sources(drafts: list[Draft]) -> None:
    """A continuation speaks for the source of the attribution it continues (after merging changed sources)."""
    for d in drafts:
        root, seen = d, set()
        while root.continues is not None and id(root) not in seen:
            seen.add(id(root))
            root = root.continues
        if root is not d:
            d.source = list(root.source)


def set_parents(drafts: list[Draft]) -> None:
    """Nesting: an attribution whose cue (or source) lies inside another one's message is part of it."""
    for d in drafts:
        anchor = {i for s in (d.cue or d.source or d.message) for i in s.tokens()}
        best, best_len = None, None
        for p in drafts:
            pm = p.message_tokens()
            if p is d or not anchor <= pm or len(pm) <= len(d.message_tokens()):
                continue
            if best_len is None or len(pm) < best_len:
                best, best_len = p, len(pm)
        d.parent = best


def nest_under_reports(drafts: list[Draft]) -> None:
    """Discourse nesting: after an outlet's report ("Laut Berichten der NYT ..."), anonymous sources that follow
    are that outlet's sources, until another outlet is cited. A heuristic; origin says which links it made."""
    scope = None
    for d in sorted(drafts, key=lambda x: x.start):
        if d.source_type == "outlet" and d.parent is None:
            scope = d
        elif scope is not None and d.parent is None and d.continues is None and d.source_type == "anonymous":
            d.parent = scope
            d.origin += "+report-scope"


def to_attributions(doc: Doc, drafts: list[Draft]) -> list[Attribution]:
    order = sorted(drafts, key=lambda d: (d.start, d.end))
    ids = {id(d): f"t{i + 1}" for i, d in enumerate(order)}

    def spans(segs):
        return [char_span(doc, s) for s in sorted(segs, key=lambda s: s.start)]

    def ref(d: Draft | None) -> str | None:
        return ids.get(id(d)) if d is not None else None

    out = []
    for d in order:
        out.append(Attribution(id=ids[id(d)], cue=spans(d.cue), source=spans(d.source), message=spans(d.message),
                               addressee=spans(d.addressee), frame=spans(d.frame), form=d.form, medium=d.medium,
                               epistemic=d.epistemic, source_type=d.source_type, source_actor=d.source_actor,
                               parent=ref(d.parent), continues=ref(d.continues),
                               origin=d.origin))
    return out


def frame_segments(doc: Doc, d: Draft) -> None:
    """The frame: the rest of the cue's sentence outside the message (as SpkAtt annotates it)."""
    from quellenlage.attribution.drafts import runs, trim
    if not d.cue:
        return
    sent = doc[d.cue[0].start].sent
    msg = d.message_tokens()
    parts = runs(i for i in range(sent.start, sent.end) if i not in msg and not doc[i].is_space)
    d.frame = [t for t in (trim(doc, p, strip=frozenset(".!?")) for p in parts) if t is not None]


class AttributionLayer:
    """Reads the attribution tagger's labels (token.tag_), POS/morphology, sentences and entities."""

    def __call__(self, doc: Doc) -> Doc:
        setup_extensions()
        reported = reported_frames(doc)
        blocked = {i for d in reported for i in d.frame_tokens()}
        drafts = merge_rule_drafts(drop_apposition_messages(doc, link(doc)),
                                   reported + verb_frames(doc, blocked) + denial_frames(doc, blocked)
                                   + impersonal_hedges(doc))
        drafts = add_runons(doc, [d for d in drafts if d.message])
        fill_missing_sources(doc, drafts, blocked)
        for d in drafts:
            if d.origin == "model" and d.source:
                d.source = [complete_source(doc, d.source[0], d.message_tokens())] + d.source[1:]
            if len(d.cue) == 1:
                d.cue = complete_cue(doc, d.cue[0], d.message_tokens())
        inherit_sources(drafts)
        set_parents(drafts)
        classify(doc, drafts)
        for d in drafts:
            shape_message(doc, d)
            frame_segments(doc, d)
        doc._.actors = build_actors(doc, drafts)
        nest_under_reports(drafts)
        doc._.attributions = to_attributions(doc, drafts)
        return doc


@Language.factory("quellenlage_attribution", requires=["token.tag", "token.morph", "doc.sents", "doc.ents"],
                  assigns=["doc._.attributions", "doc._.actors"])
def make_attribution_layer(nlp: Language, name: str) -> AttributionLayer:
    return AttributionLayer()
