"""The spaCy component that turns tagger labels and rule frames into the document's attribution layer."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution.actors import build_actors
from quellenlage.attribution.classify import classify
from quellenlage.attribution.drafts import Draft, char_span
from quellenlage.attribution.frames import impersonal_hedges, reported_frames
from quellenlage.attribution.linking import link
from quellenlage.model import Attribution
from quellenlage.nlp.extensions import setup_extensions


def _overlaps(a, b) -> bool:
    ta = {i for s in a for i in s.tokens()}
    return any(i in ta for s in b for i in s.tokens())


def merge_rule_drafts(model: list[Draft], rules: list[Draft]) -> list[Draft]:
    """A rule frame the model also found enriches the model's draft; an unseen one is added after them."""
    out = list(model)
    for r in rules:
        twin = next((m for m in model if (m.source and _overlaps(m.source, r.source))
                     or (m.cue and _overlaps(m.cue, r.cue))), None)
        if twin is None and r.epistemic == "hedged":
            twin = next((m for m in model if not m.source and _overlaps(m.message, r.message)), None)
        if twin is None:
            out.append(r)
            continue
        if r.epistemic == "hedged":
            twin.epistemic = "hedged"
        if not twin.cue or r.epistemic == "hedged":
            twin.cue = r.cue
        if not twin.source:
            twin.source = r.source
    return out


def set_parents(drafts: list[Draft]) -> None:
    """Nesting: an attribution whose cue (or source) lies inside another one's message is part of it."""
    for n, d in enumerate(drafts):
        anchor = {i for s in (d.cue or d.source or d.message) for i in s.tokens()}
        best, best_len = None, None
        for k, p in enumerate(drafts):
            pm = p.message_tokens()
            if k == n or not anchor <= pm or len(pm) <= len(d.message_tokens()):
                continue
            if best_len is None or len(pm) < best_len:
                best, best_len = k, len(pm)
        d.parent = best


def nest_under_reports(drafts: list[Draft]) -> None:
    """Discourse nesting: after an outlet's report ("Laut Berichten der NYT ..."), anonymous sources that follow
    are that outlet's sources, until another outlet is cited. A heuristic; origin says which links it made."""
    scope = None
    for n in sorted(range(len(drafts)), key=lambda k: drafts[k].start):
        d = drafts[n]
        if d.source_type == "outlet" and d.parent is None:
            scope = n
        elif scope is not None and d.parent is None and d.continues is None and d.source_type == "anonymous":
            d.parent = scope
            d.origin += "+report-scope"


def to_attributions(doc: Doc, drafts: list[Draft]) -> list[Attribution]:
    order = sorted(range(len(drafts)), key=lambda k: (drafts[k].start, drafts[k].end))
    ids = {k: f"t{i + 1}" for i, k in enumerate(order)}
    out = []
    for k in order:
        d = drafts[k]

        def spans(segs):
            return [char_span(doc, s) for s in sorted(segs, key=lambda s: s.start)]

        out.append(Attribution(id=ids[k], cue=spans(d.cue), source=spans(d.source), message=spans(d.message),
                               addressee=spans(d.addressee), frame=spans(d.frame), form=d.form, medium=d.medium,
                               epistemic=d.epistemic, source_type=d.source_type, source_actor=d.source_actor,
                               parent=ids.get(d.parent), continues=ids.get(d.continues), origin=d.origin))
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
        drafts = merge_rule_drafts(link(doc), reported_frames(doc) + impersonal_hedges(doc))
        drafts = [d for d in drafts if d.message]
        set_parents(drafts)
        classify(doc, drafts)
        for d in drafts:
            frame_segments(doc, d)
        doc._.actors = build_actors(doc, drafts)
        nest_under_reports(drafts)
        doc._.attributions = to_attributions(doc, drafts)
        return doc


@Language.factory("quellenlage_attribution", requires=["token.tag", "token.morph", "doc.sents", "doc.ents"],
                  assigns=["doc._.attributions", "doc._.actors"])
def make_attribution_layer(nlp: Language, name: str) -> AttributionLayer:
    return AttributionLayer()
