"""The only place that registers Doc._ extensions (called by the components that use them, never on import)."""
from __future__ import annotations

from spacy.tokens import Doc


def setup_extensions() -> None:
    """`attributions` and `actors` hold the attribution layer's records (see quellenlage.attribution.records)."""
    for name in ("attributions", "actors", "relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
