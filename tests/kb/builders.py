"""Build `Analysis` objects by hand from real sentences; every offset comes from str.find, never invented."""
from __future__ import annotations

from quellenlage.model import Actor, Analysis, Attribution, DocumentMeta, Mention, Span, content_id


def span(text: str, part: str, after: int = 0) -> Span:
    i = text.find(part, after)
    assert i >= 0, f"{part!r} not in text"
    return Span(i, i + len(part), part)


def make_analysis(text: str, *, source_path: str, outlet: str | None = None, date: str | None = None,
                  url: str | None = None, language: str = "de", actors=(), attributions=()) -> Analysis:
    """actors: (id, name, type, [mention strings]); attributions: dicts with cue/source/message as strings."""
    acts = []
    for aid, name, type_, mentions in actors:
        ms = []
        for m in mentions:
            s = span(text, m)
            while any(x.start == s.start for x in ms):  # a repeated mention: take the next occurrence
                s = span(text, m, s.end)
            ms.append(Mention(s.start, s.end, s.text))
        acts.append(Actor(id=aid, name=name, type=type_, mentions=ms))
    atts = []
    for a in attributions:
        a = dict(a)
        kw = {k: [span(text, a.pop(k))] if a.get(k) else [] for k in ("cue", "source", "message")}
        atts.append(Attribution(**kw, **a))
    meta = DocumentMeta(id=content_id(text), source_path=source_path, outlet=outlet, date=date, url=url,
                        language=language)
    return Analysis(document=meta, text=text, actors=acts, attributions=atts)
