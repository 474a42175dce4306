"""Post-NER repairs of English names (component `quellenlage_title_trim_en`)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from quellenlage.lang.en.words import word_list


def trim_titles(doc: Doc) -> Doc:
    """A PER entity loses its leading titles ("Senator Elizabeth Warren" → "Elizabeth Warren"; titles.txt) when a
    name is left; the NER learned GUM's convention, which counts a capitalised title as part of the name."""
    titles = word_list("titles")
    ents = []
    for ent in doc.ents:
        start = ent.start
        if ent.label_ == "PER":
            while start < ent.end - 1 and doc[start].lower_ in titles:
                start += 1
        ents.append(ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_))
    doc.ents = ents
    return doc


@Language.component("quellenlage_title_trim_en", requires=["doc.ents"], assigns=["doc.ents"])
def title_trim(doc: Doc) -> Doc:
    return trim_titles(doc)
