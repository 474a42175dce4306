"""The English attribution layer (component `quellenlage_attribution_en`): tagger roles and rule frames to records.

Reads the English role tagger's labels (`doc._.attribution_roles`), sentences, POS and entities; writes the
attribution layer as every attribution component does (`quellenlage.attribution.layer`: span groups
`attribution.<role>` and records in `doc._.attributions`; docs/architecture.md).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution import layer
from quellenlage.attribution.drafts import Draft
from quellenlage.attribution.shape import frame_segments
from quellenlage.lang.en.classify import classify
from quellenlage.lang.en.frames import merge_rule_drafts, rule_drafts
from quellenlage.lang.en.linking import link, set_parents
from quellenlage.nlp.extensions import setup_extensions


class EnglishAttributionLayer:
    """Linking of the tagger's roles, rule frames where the tagger found nothing, nesting, then classification."""

    def __call__(self, doc: Doc) -> Doc:
        setup_extensions()
        labels = doc._.attribution_roles or ["O"] * len(doc)
        drafts: list[Draft] = merge_rule_drafts(link(doc, labels), rule_drafts(doc))
        set_parents(drafts)
        classify(doc, drafts)
        for d in drafts:
            frame_segments(doc, d)
        layer.write_drafts(doc, drafts, text_order=True)
        return doc


@Language.factory("quellenlage_attribution_en", requires=["doc._.attribution_roles", "doc.sents", "doc.ents"],
                  assigns=["doc._.attributions", "doc.spans"])
def make_english_attribution_layer(nlp: Language, name: str) -> EnglishAttributionLayer:
    return EnglishAttributionLayer()
