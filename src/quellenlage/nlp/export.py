"""spaCy Doc -> quellenlage/1 Analysis: the only place that maps internal spans to the JSON model."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.model import Analysis, Article, Entity, Span


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


def doc_to_analysis(doc: Doc, article: Article, pipeline: dict[str, str]) -> Analysis:
    """Everything the pipeline found, with the article's metadata; attribution adds its part if present."""
    from quellenlage.attribution.export import add_attribution_layers

    analysis = Analysis(document=article.meta(), text=doc.text, sentences=sentence_spans(doc),
                        entities=entity_list(doc), pipeline=pipeline)
    add_attribution_layers(doc, analysis)
    return analysis
