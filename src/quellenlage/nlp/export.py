"""spaCy Doc -> quellenlage/1 Analysis: the only place that maps the Doc's spans and records to the JSON model.

Reads the keys documented in docs/architecture.md ("Data model inside the pipeline"): sentences and entities,
the attribution span groups with `doc._.attributions`, `actor.mention` with `doc._.actors`, the relation span
groups with `doc._.relations`. A pipeline without some of these components gives empty lists.
"""
from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc
from spacy.tokens import Span as DocSpan

from quellenlage.model import Actor, Analysis, Article, Attribution, Entity, Mention, Relation, Span
from quellenlage.nlp.extensions import ACTOR_MENTIONS, ATTRIBUTION_ROLES, attribution_key, relation_key, \
    setup_extensions

ATTRIBUTION_FIELDS = ("form", "medium", "epistemic", "source_type", "source_actor", "parent", "continues", "origin")
RELATION_SPANS = ("trigger", "subject", "object", "theme")
RELATION_FIELDS = ("type", "lemma", "subject_actor", "object_actor", "negated", "modality", "attribution")


def sentence_spans(doc: Doc) -> list[Span]:
    """Sentences without leading/trailing whitespace tokens, so offsets cover text only."""
    out = []
    text = doc.text  # joins the whole document: once, not per sentence
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if toks:
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            out.append(Span(start, end, text[start:end]))
    return out


def entity_list(doc: Doc) -> list[Entity]:
    return [Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]


def char_span(span: DocSpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def spans_by_id(doc: Doc, key: str) -> dict[str, list[Span]]:
    """The spans of one group by their record id, each id's spans in text order."""
    out: dict[str, list[DocSpan]] = defaultdict(list)
    if key in doc.spans:
        for span in doc.spans[key]:
            out[span.id_].append(span)
    return {k: [char_span(s) for s in sorted(v, key=lambda s: s.start)] for k, v in out.items()}


def attribution_list(doc: Doc) -> list[Attribution]:
    roles = {role: spans_by_id(doc, attribution_key(role)) for role in ATTRIBUTION_ROLES}
    return [Attribution(id=r["id"], **{role: roles[role].get(r["id"], []) for role in ATTRIBUTION_ROLES},
                        **{f: r[f] for f in ATTRIBUTION_FIELDS if f in r})
            for r in doc._.attributions or [] if not r.get("dropped")]


def actor_list(doc: Doc) -> list[Actor]:
    mentions = spans_by_id(doc, ACTOR_MENTIONS)
    return [Actor(id=r["id"], name=r["name"], type=r["type"], roles=list(r.get("roles", [])),
                  mentions=[Mention(s.start, s.end, s.text) for s in mentions.get(r["id"], [])])
            for r in doc._.actors or []]


def relation_list(doc: Doc) -> list[Relation]:
    roles = {role: spans_by_id(doc, relation_key(role)) for role in RELATION_SPANS + ("time",)}
    return [Relation(id=r["id"], **{role: roles[role].get(r["id"], []) for role in RELATION_SPANS},
                     time=(roles["time"].get(r["id"]) or [None])[0], **{f: r[f] for f in RELATION_FIELDS if f in r})
            for r in doc._.relations or []]


def doc_to_analysis(doc: Doc, article: Article, pipeline: dict[str, str]) -> Analysis:
    """Everything the pipeline found, with the article's metadata."""
    setup_extensions()
    return Analysis(document=article.meta(), text=doc.text, sentences=sentence_spans(doc),
                    entities=entity_list(doc), actors=actor_list(doc), attributions=attribution_list(doc),
                    relations=relation_list(doc), pipeline=pipeline)
