"""The one data model that leaves the pipeline: `quellenlage/1` JSON, documented in docs/schema.md.

Inside the pipeline everything is a spaCy `Doc`; `quellenlage.nlp.export` turns a `Doc` into an `Analysis`.
Every offset is a character offset into `Analysis.text`, which is the decoded input unchanged.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_ID = "quellenlage/1"


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
    """An act between actors stated in the text (issue 16): who did what to whom, according to whom.

    `type` is a PLOVER event type (or OTHER), `lemma` the trigger's lemma with its separable particle
    ("vorschlagen"), `modality` one of asserted, reported, hedged, denied, attempted, intended; `attribution` the
    id of the attribution whose message states it (None: the outlet asserts it itself); `subject_actor` and
    `object_actor` actor ids; `time` the time expression as written, if any.
    """
    id: str
    type: str = "OTHER"
    lemma: str = ""
    trigger: list[Span] = field(default_factory=list)
    subject: list[Span] = field(default_factory=list)
    subject_actor: str | None = None
    object: list[Span] = field(default_factory=list)
    object_actor: str | None = None
    theme: list[Span] = field(default_factory=list)
    negated: bool = False
    modality: str = "asserted"
    attribution: str | None = None
    time: Span | None = None


def follow(start, step) -> list:
    """`start` and what `step` leads to from it, in order, until `step` gives None or an item seen before.

    The one walk along links between attributions (`parent`, `continues`); a cycle in hand-made or damaged data
    ends the walk instead of looping. Shape: `step(item) -> item | None`; returns a list starting with `start`.
    """
    out, seen = [start], {id(start)}
    nxt = step(start)
    while nxt is not None and id(nxt) not in seen:
        seen.add(id(nxt))
        out.append(nxt)
        nxt = step(nxt)
    return out


def mention_inside(mention: Mention | Span, spans: list[Span]) -> bool:
    """A mention lies wholly inside one of the spans (character offsets)."""
    return any(s.start <= mention.start and mention.end <= s.end for s in spans)


@dataclass
class Analysis:
    """One analysed document (`quellenlage/1`), with the one API for walking its attribution chains.

    Chains, as every part of quellenlage reads them (docs/architecture.md, "Attribution chains"):
    - `parent` nests: the attribution whose message contains this one's cue or source (or an outlet's report that
      scopes the anonymous sources after it). `continues` chains speech: the same speaker goes on without a new cue.
    - A continuation is nested where the attribution it continues is nested: `enclosing` of a continuation without
      a parent of its own is the `enclosing` of the first attribution of its run. The attribution it continues is
      *not* one of its ancestors (that is the same speaker, not a source who reports the speaker).
    - `chain(a)` = `ancestors(a)` + [a], outermost first; `root_source(a)` is its first element; `speaker(a)` is
      the attribution that names who speaks `a` (a continuation without a source of its own speaks for the
      attribution it continues).
    Links to ids that are not in the analysis are ignored. The index behind these methods is rebuilt when the
    attribution or actor list is replaced or changes length.
    """
    document: DocumentMeta
    text: str
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    pipeline: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    schema: str = SCHEMA_ID

    # -- lookup -------------------------------------------------------------------------------------------------
    def _index(self) -> tuple[dict[str, Attribution], dict[str, Actor]]:
        key = (id(self.attributions), len(self.attributions), id(self.actors), len(self.actors))
        cached = self.__dict__.get("_chain_index")
        if cached is None or cached[0] != key:
            cached = (key, {a.id: a for a in self.attributions}, {x.id: x for x in self.actors})
            self.__dict__["_chain_index"] = cached
        return cached[1], cached[2]

    def attribution(self, attribution_id: str | None) -> Attribution | None:
        """The attribution with this id, or None."""
        return self._index()[0].get(attribution_id) if attribution_id else None

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        return self._index()[1].get(actor_id) if actor_id else None

    # -- chains -------------------------------------------------------------------------------------------------
    def continuation_of(self, a: Attribution) -> Attribution | None:
        """The attribution whose speech `a` continues without a new cue, or None."""
        return self.attribution(a.continues)

    def continuation_head(self, a: Attribution) -> Attribution:
        """The first attribution of the run of speech `a` belongs to (`a` itself when it continues nothing)."""
        return follow(a, self.continuation_of)[-1]

    def enclosing(self, a: Attribution) -> Attribution | None:
        """The attribution `a` is nested in: its parent, else (for a continuation) the parent of its run's head."""
        return self.attribution(a.parent) or self.attribution(self.continuation_head(a).parent)

    def ancestors(self, a: Attribution) -> list[Attribution]:
        """Enclosing attributions, outermost first (`a` itself not included)."""
        return list(reversed(follow(a, self.enclosing)[1:]))

    def chain(self, a: Attribution) -> list[Attribution]:
        """The provenance chain down to `a`, outermost first: `ancestors(a)` + [a]."""
        return self.ancestors(a) + [a]

    def root_source(self, a: Attribution) -> Attribution:
        """The outermost attribution of `a`'s chain ("Laut Berichten der NYT" for what Kozak said in it)."""
        return self.chain(a)[0]

    def speaker(self, a: Attribution) -> Attribution:
        """The attribution that names who speaks `a`'s message: `a` when it has a source of its own or continues
        nothing, else the speaker of the attribution it continues."""
        return next((x for x in follow(a, self.continuation_of) if x.source or not x.continues), a)

    def outermost_outlet(self, a: Attribution) -> Attribution | None:
        """The speaker of the outermost link of `a`'s chain that is an outlet, or None (the outlet that published
        the document is then the origin)."""
        speakers = (self.speaker(x) for x in self.chain(a))
        return next((s for s in speakers if s.source_type == "outlet"), None)

    def chain_tree(self) -> tuple[list[Attribution], dict[str, list[Attribution]]]:
        """For display: (roots, children by id) in text order; a nested attribution hangs under its parent, a
        continuation without a parent under the attribution it continues (so the reader sees the run)."""
        children: dict[str, list[Attribution]] = {}
        roots = []
        for a in self.attributions:
            up = self.attribution(a.parent) or self.continuation_of(a)
            (children.setdefault(up.id, []) if up else roots).append(a)
        return roots, children

    # -- actors -------------------------------------------------------------------------------------------------
    def actors_about(self, a: Attribution) -> list[Actor]:
        """Actors with a mention inside `a`'s message, in actor order (who the message is about)."""
        return [x for x in self.actors if any(mention_inside(m, a.message) for m in x.mentions)]

    def source_actor(self, a: Attribution) -> Actor | None:
        """The actor who speaks `a` (the continued attribution's actor for a continuation without one)."""
        return self.actor(a.source_actor) or self.actor(self.speaker(a).source_actor)

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

        def record(kind, x: dict, span_lists: tuple[str, ...]):
            x = {**x, **{k: spans(x.get(k)) for k in span_lists}}
            return kind(**{f.name: x[f.name] for f in fields(kind) if f.name in x})

        return cls(
            document=DocumentMeta(**d["document"]),
            text=d["text"],
            sentences=spans(d.get("sentences")),
            entities=[Entity(**e) for e in d.get("entities", [])],
            actors=[Actor(**{**a, "mentions": [Mention(**m) for m in a.get("mentions", [])]})
                    for a in d.get("actors", [])],
            attributions=[record(Attribution, a, ("cue", "source", "message", "addressee", "frame"))
                          for a in d.get("attributions", [])],
            relations=[record(Relation, {**r, "time": Span(**r["time"]) if r.get("time") else None},
                              ("trigger", "subject", "object", "theme")) for r in d.get("relations", [])],
            pipeline=d.get("pipeline", {}),
            warnings=d.get("warnings", []),
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
