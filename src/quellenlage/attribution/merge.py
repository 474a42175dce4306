"""Combining the layers: rule frames into the tagger's drafts, run-on sentences after their speaker, nesting.

Drafts link to each other by object (`parent`, `continues`), so drafts can be merged and dropped here safely.
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.drafts import Draft
from quellenlage.attribution.frames import appositions, konjunktiv_runons
from quellenlage.model import follow


# A run-on sentence continues a speaker whose attribution ended at most this many tokens before it.
RUNON_REACH = 60


def _overlaps(a, b) -> bool:
    ta = {i for s in a for i in s.tokens()}
    return any(i in ta for s in b for i in s.tokens())


def merge_rule_drafts(model: list[Draft], rules: list[Draft]) -> list[Draft]:  # noqa: C901
    """Closed-class frames ("laut X", "X behauptet, ...") know their cue and source phrase better than the
    tagger: where the tagger found the same frame, the rule's cue and source replace the tagger's, and the
    tagger's message stays unless it swallowed the frame or is a fragment of the rule's. Unseen frames are added.
    """
    out = list(model)
    gone: set[int] = set()  # ids of model drafts absorbed by a rule or removed from out
    extents = [(m.start, m.end) for m in model]
    for r in rules:
        frame = r.cue + r.source
        # only drafts that reach into the rule's extent can overlap it (a long document has thousands)
        start, end = r.start, r.end
        free = [m for m, (a, b) in zip(model, extents) if a < end and start < b and id(m) not in gone]
        # best twin first: same cue, then same source, then a message that swallowed the frame
        twins = [m for m in free if _overlaps(m.cue, r.cue)] + \
                [m for m in free if not _overlaps(m.cue, r.cue) and _overlaps(m.source, r.source)] + \
                [m for m in free if not _overlaps(m.cue, r.cue) and not _overlaps(m.source, r.source)
                 and _overlaps(m.message, frame)]
        if not twins and r.epistemic == "hedged":
            twins = [m for m in free if not m.source and _overlaps(m.message, r.message)]
        if not twins:
            out.append(r)
            continue
        keep = twins[0]
        gone.add(id(keep))
        for extra in twins[1:]:
            # a second tagger piece of the same frame (a one-word "message" inside the source) is noise
            region = set(range(min(r.frame_tokens() | r.message_tokens()), r.end))
            extra_msg = extra.message_tokens()
            # mostly the rule's message again (the tagger ran it on into the next sentence): a duplicate
            if extra_msg <= region or len(extra_msg & r.message_tokens()) * 2 >= len(extra_msg):
                out.remove(extra)
                gone.add(id(extra))
                for d in out:
                    if d.continues is extra:
                        d.continues = keep
        swallowed = _overlaps(keep.message, frame)
        # (one token of slack: the rule leaves the complementizer "dass" out of the message)
        fragment = len(keep.message_tokens() - r.message_tokens()) <= 1 and \
            len(keep.message_tokens()) < len(r.message_tokens()) / 2
        # a laut/zufolge/so frame reports the whole rest of its sentence
        if swallowed or fragment or not keep.message or r.form == "reported":
            keep.message = r.message
        keep.cue, keep.source = r.cue, r.source
        keep.continues = None
        keep.origin = "model+rule"
        if r.epistemic == "hedged":
            keep.epistemic = "hedged"
        if r.form == "reported":
            keep.form = "reported"
    return out


def drop_apposition_messages(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A "message" that is exactly an apposition (", einer der engsten Weggefährten Putins,") is a role."""
    appo = [set(a.tokens()) for a in appositions(doc)]
    return [d for d in drafts if not any(d.message_tokens() <= a for a in appo)]


def headline_tokens(doc: Doc) -> set[int]:
    """The tokens of a headline: a first line without final punctuation, followed by a blank line."""
    text = doc.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0 or text[end:end + 3].replace("\r", "").replace(" ", "")[:2] != "\n\n":
        return set()
    line = text[start:end].rstrip()
    if not line or line[-1] in ".!?\"“”«»":
        return set()
    return {t.i for t in doc if start <= t.idx < start + len(line)}


def drop_headline_messages(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A headline is the outlet's own assertion: a message inside it without a cue or source is not speech
    ("Streit um Windpark: Bürgermeisterin will Verfahren aussetzen")."""
    headline = headline_tokens(doc)
    if not headline:
        return drafts
    return [d for d in drafts if d.cue or d.source or not d.message_tokens() <= headline]


def add_runons(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Konjunktiv-I sentences that run on after an attribution continue it; tagger fragments inside such a
    sentence that were linked as continuations are replaced by the whole sentence."""
    covered = {i for d in drafts if d.continues is None for i in d.message_tokens() | d.frame_tokens()}
    for r in konjunktiv_runons(doc, covered):
        sent = doc[r.message[0].start].sent
        inside = [d for d in drafts if d.continues is not None and not d.cue
                  and all(sent.start <= s.start and s.end <= sent.end for s in d.message)]
        prev = [d for d in drafts if d.end <= sent.start and d not in inside]
        if not prev:
            continue
        speaker = max(prev, key=lambda d: d.end)
        if sent.start - speaker.end > RUNON_REACH:
            continue
        for d in inside:
            drafts.remove(d)
        r.continues = speaker
        r.source = list(speaker.source)
        drafts.append(r)
    return drafts


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
