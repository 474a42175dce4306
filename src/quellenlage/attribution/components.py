"""The spaCy component that turns tagger labels and rule frames into the document's attribution layer."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution.actors import build_actors
from quellenlage.attribution.classify import classify
from quellenlage.attribution.drafts import Draft, char_span, runs, trim
from quellenlage.attribution.frames import denial_frames, impersonal_hedges, reported_frames, verb_frames
from quellenlage.attribution.linking import link
from quellenlage.attribution.merge import (add_runons, drop_apposition_messages, drop_headline_messages,
                                           inherit_sources, merge_rule_drafts, nest_under_reports, set_parents)
from quellenlage.attribution.repair import complete_cue, complete_source, fill_missing_sources, shape_message
from quellenlage.model import Attribution
from quellenlage.nlp.extensions import setup_extensions


def to_attributions(doc: Doc, drafts: list[Draft]) -> list[Attribution]:
    """Drafts to JSON-model records in text order, with ids t1, t2, ... and links as ids."""
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
        drafts = merge_rule_drafts(drop_headline_messages(doc, drop_apposition_messages(doc, link(doc))),
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
