"""The only place that registers Doc._ extensions (called by the components that use them, never on import).

Their values are plain lists of strings and dicts (msgpack-serialisable), so `DocBin(store_user_data=True)` keeps
them; the spans they refer to live in `doc.spans` (docs/architecture.md, "Data model inside the pipeline").
"""
from __future__ import annotations

from spacy.tokens import Doc

# attribution_roles: one label of the attribution tagger per token ("M-B|C-O|S-O|A-O");
# attributions, actors, relations: the records of the attribution layer, of actors and of acts between actors
EXTENSIONS = ("attribution_roles", "attributions", "actors", "relations")


def setup_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# span groups (doc.spans): one per role; each span's id_ names its record
ATTRIBUTION_ROLES = ("cue", "source", "message", "addressee", "frame")
RELATION_ROLES = ("trigger", "subject", "object", "theme", "time")
ACTOR_MENTIONS = "actor.mention"


def attribution_key(role: str) -> str:
    """"attribution.cue", "attribution.message", …"""
    return f"attribution.{role}"


def relation_key(role: str) -> str:
    """"relation.trigger", "relation.subject", …"""
    return f"relation.{role}"
