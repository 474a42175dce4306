"""Links between attributions: sources along continuations, nesting by containment and by discourse scope."""
from __future__ import annotations

from quellenlage.attribution.drafts import Draft
from quellenlage.model import follow


def inherit_sources(drafts: list[Draft]) -> None:
    """A continuation speaks for the source of the attribution it continues (after merging changed sources)."""
    for d in drafts:
        root = follow(d, lambda x: x.continues)[-1]
        if root is not d:
            d.source = list(root.source)


def set_parents(drafts: list[Draft]) -> None:
    """Nesting: an attribution whose cue (or source) lies inside another one's message is part of it."""
    for d in drafts:
        anchor = {i for s in (d.cue or d.source or d.message) for i in s.tokens()}
        best, best_len = None, None
        for p in drafts:
            pm = p.message_tokens()
            if p is d or not anchor <= pm or len(pm) <= len(d.message_tokens()):
                continue
            if best_len is None or len(pm) < best_len:
                best, best_len = p, len(pm)
        d.parent = best


def nest_under_reports(drafts: list[Draft]) -> None:
    """Discourse nesting: after an outlet's report ("Laut Berichten der NYT ..."), anonymous sources that follow
    are that outlet's sources, until another outlet is cited. A heuristic; origin says which links it made."""
    scope = None
    for d in sorted(drafts, key=lambda x: x.start):
        if d.source_type == "outlet" and d.parent is None:
            scope = d
        elif scope is not None and d.parent is None and d.continues is None and d.source_type == "anonymous":
            d.parent = scope
            d.origin += "+report-scope"
