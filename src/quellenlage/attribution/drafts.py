"""Working records of the attribution components: token segments of a Doc and drafts that link by object
(attribution/layer.py reads them from the Doc's span groups and records and writes them back)."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass(frozen=True)
class Segment:
    """A contiguous run of tokens [start, end) that plays one role."""
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def tokens(self) -> range:
        return range(self.start, self.end)

    def distance(self, other: "Segment") -> int:
        """Tokens between two segments (0 when they touch or overlap)."""
        return max(0, other.start - self.end, self.start - other.end)


@dataclass(eq=False)
class Draft:
    """One attribution while it is being built; `origin` says which layer found it (model or a rule)."""
    message: list[Segment]
    cue: list[Segment] = field(default_factory=list)
    source: list[Segment] = field(default_factory=list)
    addressee: list[Segment] = field(default_factory=list)
    frame: list[Segment] = field(default_factory=list)
    form: str = "indirect"
    medium: str = "speech"
    epistemic: str = "reported"
    source_type: str = "unattributed"
    source_actor: str | None = None
    # links to other drafts by object (not list index, which changes as drafts are merged and dropped)
    parent: "Draft | None" = None
    continues: "Draft | None" = None
    origin: str = "model"
    # which rule frame made or reshaped it (reported, verb, denial, hedge, runon); later rules read it, the JSON not
    rule: str | None = None

    @property
    def start(self) -> int:
        return min(s.start for s in self.message + self.cue + self.source)

    @property
    def end(self) -> int:
        return max(s.end for s in self.message + self.cue + self.source)

    def message_tokens(self) -> set[int]:
        return {i for s in self.message for i in s.tokens()}

    def frame_tokens(self) -> set[int]:
        return {i for s in self.cue + self.source for i in s.tokens()}


def runs(indices) -> list[Segment]:
    """Group token indices into contiguous segments."""
    out: list[Segment] = []
    for i in sorted(set(indices)):
        if out and out[-1].end == i:
            out[-1] = Segment(out[-1].start, i + 1)
        else:
            out.append(Segment(i, i + 1))
    return out


def trim(doc: Doc, seg: Segment, strip=frozenset(",;:.!?-–")) -> Segment | None:
    """Drop leading/trailing whitespace and separator punctuation (not quotes: they belong to direct speech)."""
    a, b = seg.start, seg.end
    while a < b and (doc[a].is_space or doc[a].text in strip):
        a += 1
    while b > a and (doc[b - 1].is_space or doc[b - 1].text in strip):
        b -= 1
    return Segment(a, b) if b > a else None
