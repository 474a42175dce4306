"""Copy the attribution layer of a Doc into the Analysis (attributions, actors, relations)."""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.model import Analysis
from quellenlage.nlp.extensions import setup_extensions


def add_attribution_layers(doc: Doc, analysis: Analysis) -> None:
    """Documents from a pipeline without the attribution components simply get empty lists."""
    setup_extensions()
    analysis.attributions = list(doc._.attributions or [])
    analysis.actors = list(doc._.actors or [])
    analysis.relations = list(doc._.relations or [])
