"""What the article view shows, computed from one `Analysis`: chains, actor roles, the highlighted text.

Text is escaped by `report.highlighted_text` and by Jinja's autoescaping; nothing here builds HTML by hand.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from quellenlage.model import Analysis, Attribution
from quellenlage.report import highlighted_text

SOURCE_TYPE_LABELS = {"outlet": "outlet", "person": "person", "organisation": "organisation",
                      "anonymous": "anonymous source", "official": "official", "unattributed": "no source named"}


def join_spans(spans) -> str:
    return " … ".join(s.text for s in spans)


@dataclass
class Step:
    """One link of a chain as the reader sees it: who, of what kind, through which cue."""
    kind: str            # outlet | source | speaker | message
    label: str
    text: str
    detail: str = ""
    attribution: str | None = None


@dataclass
class Chain:
    attribution: Attribution
    steps: list[Step]
    depth: int = 0
    speaker: str = ""
    children: list["Chain"] = field(default_factory=list)


def speaker_label(analysis: Analysis, a: Attribution) -> tuple[str, str]:
    """(shown name, source type) of who speaks `a` (a continuation without a source of its own: its speaker)."""
    cur = analysis.speaker(a)
    text = join_spans(cur.source)
    actor = analysis.actor(cur.source_actor)
    name = actor.name if actor else None
    if name and text and name != text:
        text = f"{text} (= {name})"
    return (text or name or "(no source in the text)"), cur.source_type


def chain_steps(a: Attribution, analysis: Analysis) -> list[Step]:
    """outlet → cited source(s) → speaker → message, with the cue of each link."""
    outlet = analysis.document.outlet or "this article"
    steps = [Step("outlet", "published by", outlet)]
    for up in analysis.ancestors(a):
        who, stype = speaker_label(analysis, up)
        steps.append(Step("source", "according to", who, SOURCE_TYPE_LABELS.get(stype, stype)
                          + (f" · cue “{join_spans(up.cue)}”" if up.cue else ""), up.id))
    who, stype = speaker_label(analysis, a)
    detail = SOURCE_TYPE_LABELS.get(stype, stype) + (f" · cue “{join_spans(a.cue)}”" if a.cue else "")
    if analysis.continuation_of(a) is not None and not a.cue:
        detail += " · continues without a new cue"
    steps.append(Step("speaker", "speaker", who, detail, a.id))
    if a.addressee:
        steps.append(Step("addressee", "addressed to", join_spans(a.addressee), "", a.id))
    steps.append(Step("message", "message", join_spans(a.message) or "(no message span)", "", a.id))
    return steps


def build_chains(analysis: Analysis) -> tuple[list[Chain], list[Chain]]:
    """(tree of chains for the outline, flat list for the hover panel), in text order."""
    roots, children = analysis.chain_tree()
    flat: list[Chain] = []

    def make(a: Attribution, depth: int) -> Chain:
        c = Chain(a, chain_steps(a, analysis), depth, speaker_label(analysis, a)[0])
        flat.append(c)
        c.children = [make(k, depth + 1) for k in children.get(a.id, [])]
        return c

    tree = [make(r, 0) for r in roots]
    return tree, flat


@dataclass
class ActorRow:
    id: str
    name: str
    type: str
    roles: list[str]
    mentions: int
    speaks: int
    mentioned_in: int


def actor_rows(analysis: Analysis) -> list[ActorRow]:
    """Sidebar: each actor with roles, how often mentioned, how often the source of an attribution and in how many
    messages it is mentioned."""
    speaks: Counter[str] = Counter(a.source_actor for a in analysis.attributions if a.source_actor)
    about: Counter[str] = Counter(x.id for a in analysis.attributions for x in analysis.actors_about(a))
    rows = [ActorRow(x.id, x.name, x.type, list(x.roles), len(x.mentions), speaks[x.id], about[x.id])
            for x in analysis.actors]
    return sorted(rows, key=lambda r: (-r.speaks, -r.mentions, r.name))


def innermost_first(analysis: Analysis) -> Analysis:
    """A shallow copy with nested attributions before their parents: `highlighted_text` gives a character of a
    message to the first attribution that claims it, so a nested statement's message links to its own chain
    (speaker -> message, with the outer source above it), not to the report that contains it."""
    depth = {a.id: len(analysis.ancestors(a)) for a in analysis.attributions}
    ordered = sorted(analysis.attributions, key=lambda a: -depth[a.id])
    return replace(analysis, attributions=ordered)


def article_context(analysis: Analysis) -> dict:
    """Everything the article template needs."""
    tree, flat = build_chains(analysis)
    body = Markup(highlighted_text(innermost_first(analysis)))
    return {"analysis": analysis, "doc": analysis.document, "body": body,
            "outline": tree, "chains": flat, "actors": actor_rows(analysis),
            "counts": {"attributions": len(analysis.attributions), "actors": len(analysis.actors),
                       "sentences": len(analysis.sentences), "chars": len(analysis.text)}}
