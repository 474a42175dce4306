"""The attribution components: each reads the layer a `Doc` holds (docs/architecture.md), does one stage and writes
the layer back. Their thresholds are factory settings, so a pipeline's config.cfg records every rule that shaped
an analysis. In pipeline order:

    attribution_tagger                  role labels per token        (quellenlage_role_tagger, trained)
    quellenlage_attribution_linking     messages with cue, source, addressee; continuations
    quellenlage_attribution_frames      rule frames ("laut X", "X behauptet, …", denials, hedges) merged in
    quellenlage_attribution_repair      run-on sentences, missing sources, cut-short cues and sources, nesting
    quellenlage_attribution_classify    form, medium, epistemic status; message and frame extents
    quellenlage_actors                  actors and coreference; each attribution's source actor and type
    quellenlage_attribution_scope       anonymous sources scoped under an outlet's report; text order
"""
from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution import layer
from quellenlage.attribution.actors import ActorRules, build_actors
from quellenlage.attribution.classify import ClassifyRules, classify
from quellenlage.attribution.frames import denial_frames, impersonal_hedges, reported_frames, verb_frames
from quellenlage.attribution.linking import LinkingRules, drop_apposition_messages, drop_headline_messages, link
from quellenlage.attribution.merge import merge_rule_drafts
from quellenlage.attribution.nesting import inherit_sources, nest_under_reports, set_parents
from quellenlage.attribution.repair import RepairRules, complete_cue, complete_source, fill_missing_sources
from quellenlage.attribution.runons import add_runons
from quellenlage.attribution.shape import frame_segments, shape_message
from quellenlage.nlp.extensions import setup_extensions

# spaCy declares span groups as a whole ("doc.spans"); the keys are layer.span_key(role) and "actor.mention"
LAYER = ["doc._.attributions", "doc.spans"]


class Linking:
    """Tagger labels → drafts: each message with its nearest cue, the cue's source and addressee."""

    def __init__(self, rules: LinkingRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        setup_extensions()
        labels = doc._.attribution_roles or ["O"] * len(doc)
        drafts = drop_headline_messages(doc, drop_apposition_messages(doc, link(doc, labels, self.rules)))
        layer.write_drafts(doc, drafts)
        return doc


class RuleFrames:
    """Closed-class frames a rule finds reliably; where the tagger found the same frame, the rule's cue and source
    win (merge.py)."""

    def __init__(self, max_adverbs_after_cue: int):
        self.max_adverbs_after_cue = max_adverbs_after_cue

    def __call__(self, doc: Doc) -> Doc:
        reported = reported_frames(doc)
        blocked = {i for d in reported for i in d.frame_tokens()}
        rules = reported + verb_frames(doc, blocked, self.max_adverbs_after_cue) + denial_frames(doc, blocked) \
            + impersonal_hedges(doc)
        layer.write_drafts(doc, merge_rule_drafts(layer.read_drafts(doc), rules))
        return doc


class Repair:
    """Konjunktiv-I run-ons attached to their speaker, sources and cues completed, sources inherited along
    continuations, nesting by containment."""

    def __init__(self, rules: RepairRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        drafts = add_runons(doc, [d for d in layer.read_drafts(doc) if d.message], self.rules.runon_reach)
        # the cue and source of a "laut X" frame cannot be another attribution's source
        blocked = {i for d in drafts if d.rule == "reported" for i in d.frame_tokens()}
        fill_missing_sources(doc, drafts, blocked)
        for d in drafts:
            if d.origin == "model" and d.source:
                d.source = [complete_source(doc, d.source[0], d.message_tokens())] + d.source[1:]
            if len(d.cue) == 1:
                d.cue = complete_cue(doc, d.cue[0], d.message_tokens(), self.rules.max_particle_distance)
        inherit_sources(drafts)
        set_parents(drafts)
        layer.write_drafts(doc, drafts)
        return doc


class Classify:
    """Form, medium and epistemic status; then message and frame extents as the annotation convention has them."""

    def __init__(self, rules: ClassifyRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        drafts = layer.read_drafts(doc)
        classify(doc, drafts, self.rules)
        for d in drafts:
            shape_message(doc, d, self.rules.sentence_snap_share)
            frame_segments(doc, d)
        layer.write_drafts(doc, drafts)
        return doc


class Actors:
    """Entity mentions and source phrases grouped into actors; each attribution's source actor and source type."""

    def __init__(self, rules: ActorRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        drafts = layer.read_drafts(doc)
        actors, mentions = build_actors(doc, drafts, self.rules)
        layer.write_actors(doc, actors, mentions)
        layer.write_drafts(doc, drafts)
        return doc


class Scope:
    """Anonymous sources after an outlet's report nested in it; the finished layer in text order."""

    def __call__(self, doc: Doc) -> Doc:
        drafts = layer.read_drafts(doc)
        nest_under_reports(drafts)
        layer.write_drafts(doc, drafts, text_order=True)
        return doc


@Language.factory("quellenlage_attribution_linking", default_config=asdict(LinkingRules()),
                  requires=["doc._.attribution_roles", "token.lemma", "token.pos", "doc.sents", "doc.ents"],
                  assigns=LAYER)
def make_linking(nlp: Language, name: str, max_continuation_gap: int, min_message_words: int,
                 verbless_max_words: int, min_shared_cue_message: int, introducer_gap: int, max_message_gap: int,
                 quote_share: float) -> Linking:
    return Linking(LinkingRules(max_continuation_gap, min_message_words, verbless_max_words, min_shared_cue_message,
                                introducer_gap, max_message_gap, quote_share))


@Language.factory("quellenlage_attribution_frames", default_config={"max_adverbs_after_cue": 2},
                  requires=LAYER + ["token.lemma", "token.pos", "doc.sents", "doc.ents"], assigns=LAYER)
def make_rule_frames(nlp: Language, name: str, max_adverbs_after_cue: int) -> RuleFrames:
    """`max_adverbs_after_cue`: adverbs allowed between a cue verb and the comma that opens its message
    ("behaupten dagegen, …")."""
    return RuleFrames(max_adverbs_after_cue)


@Language.factory("quellenlage_attribution_repair", default_config=asdict(RepairRules()),
                  requires=LAYER + ["token.lemma", "token.pos", "token.morph", "doc.sents", "doc.ents"],
                  assigns=LAYER)
def make_repair(nlp: Language, name: str, runon_reach: int, max_particle_distance: int) -> Repair:
    return Repair(RepairRules(runon_reach, max_particle_distance))


@Language.factory("quellenlage_attribution_classify", default_config=asdict(ClassifyRules()),
                  requires=LAYER + ["token.lemma", "token.morph", "doc.sents"], assigns=LAYER)
def make_classify(nlp: Language, name: str, direct_share: float, sentence_snap_share: float) -> Classify:
    return Classify(ClassifyRules(direct_share, sentence_snap_share))


@Language.factory("quellenlage_actors", default_config=asdict(ActorRules()),
                  requires=LAYER + ["doc.ents", "token.pos", "token.morph"],
                  assigns=LAYER + ["doc._.actors"])
def make_actors(nlp: Language, name: str, max_role_tokens: int, max_verbs_before_apposition: int) -> Actors:
    return Actors(ActorRules(max_role_tokens, max_verbs_before_apposition))


@Language.factory("quellenlage_attribution_scope", requires=LAYER + ["doc._.actors"], assigns=LAYER)
def make_scope(nlp: Language, name: str) -> Scope:
    return Scope()
