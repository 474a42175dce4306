"""The English attribution layer (component `quellenlage_attribution_en`): tagger roles and rule frames to records.

Reads the English attribution tagger's labels (token.tag_), sentences, POS and entities; writes
`doc._.attributions` (quellenlage.model.Attribution records, as the German layer does) and `doc._.actors`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.attribution.components import frame_segments, to_attributions
from quellenlage.attribution.drafts import Draft
from quellenlage.lang.en.classify import classify
from quellenlage.lang.en.frames import merge_rule_drafts, rule_drafts
from quellenlage.lang.en.linking import link, set_parents
from quellenlage.nlp.extensions import setup_extensions


class EnglishAttributionLayer:
    """Linking of the tagger's roles, rule frames where the tagger found nothing, then classification."""

    def __call__(self, doc: Doc) -> Doc:
        setup_extensions()
        drafts: list[Draft] = merge_rule_drafts(link(doc), rule_drafts(doc))
        set_parents(drafts)
        classify(doc, drafts)
        for d in drafts:
            frame_segments(doc, d)
        doc._.attributions = to_attributions(doc, drafts)
        doc._.actors = []
        return doc


@Language.factory("quellenlage_attribution_en", requires=["token.tag", "doc.sents"],
                  assigns=["doc._.attributions", "doc._.actors"])
def make_english_attribution_layer(nlp: Language, name: str) -> EnglishAttributionLayer:
    return EnglishAttributionLayer()
