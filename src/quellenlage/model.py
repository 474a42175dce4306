"""The one data model that leaves the pipeline: `quellenlage/1` JSON, documented in docs/schema.md.

Inside the pipeline everything is a spaCy `Doc`; `quellenlage.nlp.export` turns a `Doc` into an `Analysis`.
Every offset is a character offset into `Analysis.text`, which is the decoded input unchanged.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_ID = "quellenlage/1"

FORMS = ("direct", "indirect", "free_indirect", "indirect_free_indirect", "reported")
MEDIA = ("speech", "thought", "writing")
EPISTEMIC = ("reported", "hedged", "denied")
SOURCE_TYPES = ("outlet", "person", "organisation", "anonymous", "official", "unattributed")
ACTOR_TYPES = ("person", "organisation", "outlet", "place", "group", "other")


def content_id(text: str) -> str:
    """Stable document id: the same text always gets the same id (content-hash identity)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One input document before analysis: decoded text plus what we know about where it came from."""
    text: str
    source_path: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    # ISO 639-1 code as the input names it; None: detected when the article is analysed (quellenlage.lang.detect)
    language: str | None = None
    encoding: str | None = None

    def meta(self) -> "DocumentMeta":
        return DocumentMeta(id=content_id(self.text), source_path=self.source_path, title=self.title,
                            date=self.date, outlet=self.outlet, url=self.url, language=self.language,
                            encoding=self.encoding)


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: str


@dataclass
class DocumentMeta:
    id: str
    source_path: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "de"
    encoding: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Actor:
    id: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass
class Attribution:
    id: str
    cue: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)
    message: list[Span] = field(default_factory=list)
    addressee: list[Span] = field(default_factory=list)
    frame: list[Span] = field(default_factory=list)
    form: str = "indirect"
    medium: str = "speech"
    epistemic: str = "reported"
    source_type: str = "unattributed"
    source_actor: str | None = None
    parent: str | None = None
    continues: str | None = None
    origin: str = "model"


@dataclass
class Relation:
    """An act or relation between two actors stated in the text ("proposed to", "transferred powers to")."""
    id: str
    subject: str
    predicate: str
    object: str
    evidence: Span
    attribution: str | None = None


@dataclass
class Analysis:
    document: DocumentMeta
    text: str
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    pipeline: dict[str, str] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    schema: str = SCHEMA_ID

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {"schema": d.pop("schema"), **d}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Analysis":
        """Rebuild an Analysis from its JSON; raises ValueError on a document of another schema."""
        if d.get("schema") != SCHEMA_ID:
            raise ValueError(f"not a {SCHEMA_ID} document (schema={d.get('schema')!r})")

        def spans(xs):
            return [Span(**x) for x in xs or []]

        atts = []
        for a in d.get("attributions", []):
            a = dict(a)
            for k in ("cue", "source", "message", "addressee", "frame"):
                a[k] = spans(a.get(k))
            atts.append(Attribution(**{f.name: a[f.name] for f in fields(Attribution) if f.name in a}))
        return cls(
            document=DocumentMeta(**d["document"]),
            text=d["text"],
            sentences=spans(d.get("sentences")),
            entities=[Entity(**e) for e in d.get("entities", [])],
            actors=[Actor(**{**a, "mentions": [Mention(**m) for m in a.get("mentions", [])]})
                    for a in d.get("actors", [])],
            attributions=atts,
            relations=[Relation(**{**r, "evidence": Span(**r["evidence"])}) for r in d.get("relations", [])],
            pipeline=d.get("pipeline", {}),
            errors=d.get("errors", []),
        )


@dataclass
class InputError:
    """A document that could not be read or analysed; reported, never fatal for a batch."""
    source_path: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_ID, "document": {"id": None, "source_path": self.source_path},
                "errors": [{"source_path": self.source_path, "error": self.error}]}
