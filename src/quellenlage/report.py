"""Readable reports of one analysis: plain text for a terminal, standalone HTML for a browser.

Both show every attribution chain as a tree (outlet -> cited source -> speaker -> message) with the cue marked.
"""
from __future__ import annotations

import html
from collections import defaultdict

from quellenlage.model import Analysis, Attribution

MAX_MESSAGE_CHARS = 160


def _join(spans) -> str:
    return " … ".join(s.text for s in spans)


def _short(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def attribution_line(a: Attribution, actors: dict[str, str], cue_mark=("[", "]")) -> str:
    source = _join(a.source) or "(no source in the text)"
    actor = actors.get(a.source_actor or "")
    if actor and actor != source:
        source += f" = {actor}"
    cue = f" {cue_mark[0]}{_join(a.cue)}{cue_mark[1]}" if a.cue else ""
    link = " (continues)" if a.continues else ""
    addressee = f" → to {_join(a.addressee)}" if a.addressee else ""
    return (f"{source} <{a.source_type}>{cue}{addressee}{link} [{a.form}, {a.epistemic}]: "
            f"“{_short(_join(a.message))}”")


def render_text(analysis: Analysis) -> str:
    d = analysis.document
    lines = [f"# {d.title or d.source_path or d.id}  (id {d.id}, {len(analysis.text):,} characters, "
             f"{len(analysis.sentences)} sentences)"]
    if analysis.errors:
        lines += [f"  error: {e.get('error')}" for e in analysis.errors]
    by_label: dict[str, list[str]] = defaultdict(list)
    for e in analysis.entities:
        if e.text not in by_label[e.label]:
            by_label[e.label].append(e.text)
    lines.append("Entities:")
    lines += [f"  {label}: {', '.join(names)}" for label, names in sorted(by_label.items())] or ["  (none)"]
    if analysis.actors:
        lines.append("Actors:")
        for act in analysis.actors:
            roles = f" — {'; '.join(act.roles)}" if act.roles else ""
            lines.append(f"  {act.id} {act.name} <{act.type}>, {len(act.mentions)} mention(s){roles}")
    lines.append("Attributions (who says what, according to whom):")
    actors = {a.id: a.name for a in analysis.actors}
    roots, children = analysis.chain_tree()

    def walk(a: Attribution, prefix: str, last: bool):
        lines.append(prefix + ("└─ " if last else "├─ ") + attribution_line(a, actors))
        kids = children.get(a.id, [])
        for i, k in enumerate(kids):
            walk(k, prefix + ("   " if last else "│  "), i == len(kids) - 1)

    for i, r in enumerate(roots):
        walk(r, "  ", i == len(roots) - 1)
    if not roots:
        lines.append("  (none found)")
    return "\n".join(lines) + "\n"


ROLE_CLASSES = (("cue", "ql-cue"), ("source", "ql-source"), ("message", "ql-message"), ("addressee", "ql-addr"))
HTML_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}
.ql-cue{background:#ffd54f}.ql-source{background:#90caf9}.ql-message{background:#c8e6c9}.ql-addr{background:#f8bbd0}
ul.tree{list-style:none;padding-left:1.2rem;border-left:1px solid #ccc}.meta{color:#555;font-size:.9em}"""


def highlighted_text(analysis: Analysis) -> str:
    """The article text, escaped, with role spans wrapped in <mark> (innermost role wins where spans overlap)."""
    text = analysis.text
    role_at = [None] * len(text)
    for role, css in reversed(ROLE_CLASSES):
        for a in analysis.attributions:
            for s in getattr(a, role):
                for i in range(s.start, min(s.end, len(text))):
                    if role_at[i] is None or role in ("cue", "source"):
                        role_at[i] = (css, a.id)
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and role_at[j] == role_at[i]:
            j += 1
        chunk = html.escape(text[i:j]).replace("\n", "<br>\n")
        if role_at[i]:
            css, aid = role_at[i]
            out.append(f'<mark class="{css}" data-attribution="{html.escape(aid)}">{chunk}</mark>')
        else:
            out.append(chunk)
        i = j
    return "".join(out)


def render_html(analysis: Analysis) -> str:
    """A standalone page: highlighted text and the chains as nested lists. All article text is escaped."""
    actors = {a.id: a.name for a in analysis.actors}
    roots, children = analysis.chain_tree()

    def tree(items):
        if not items:
            return ""
        parts = []
        for a in items:
            line = html.escape(attribution_line(a, actors, cue_mark=("\x00", "\x01")))
            line = line.replace("\x00", '<mark class="ql-cue">').replace("\x01", "</mark>")
            parts.append(f"<li>{line}{tree(children.get(a.id, []))}</li>")
        return '<ul class="tree">' + "".join(parts) + "</ul>"

    title = html.escape(analysis.document.title or analysis.document.source_path or analysis.document.id)
    return (f"<!doctype html><html lang=\"{html.escape(analysis.document.language or 'de')}\"><head>"
            f"<meta charset=\"utf-8\"><title>{title}</title><style>{HTML_STYLE}</style></head><body>"
            f"<h1>{title}</h1><p class=\"meta\">id {html.escape(analysis.document.id)}</p>"
            f"<h2>Attribution chains</h2>{tree(roots) or '<p>none found</p>'}"
            f"<h2>Text</h2><p>{highlighted_text(analysis)}</p></body></html>")
