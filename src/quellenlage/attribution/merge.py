"""Rule frames merged into the tagger's drafts: closed-class frames ("laut X", "X behauptet, ...") know their cue and
source phrase better than the tagger.

Drafts link to each other by object (`parent`, `continues`), so drafts can be merged and dropped here safely.
"""
from __future__ import annotations

from quellenlage.attribution.drafts import Draft


def _overlaps(a, b) -> bool:
    ta = {i for s in a for i in s.tokens()}
    return any(i in ta for s in b for i in s.tokens())


def twins_of(rule: Draft, free: list[Draft]) -> list[Draft]:
    """Tagger drafts of the same frame, best first: the same cue, then the same source, then a message that
    swallowed the frame; for a hedge without either, a source-less message that overlaps the rule's."""
    frame = rule.cue + rule.source
    same_cue = [m for m in free if _overlaps(m.cue, rule.cue)]
    rest = [m for m in free if not _overlaps(m.cue, rule.cue)]
    twins = same_cue + [m for m in rest if _overlaps(m.source, rule.source)] + \
        [m for m in rest if not _overlaps(m.source, rule.source) and _overlaps(m.message, frame)]
    if not twins and rule.epistemic == "hedged":
        twins = [m for m in free if not m.source and _overlaps(m.message, rule.message)]
    return twins


def drop_duplicates(rule: Draft, keep: Draft, extras: list[Draft], out: list[Draft], gone: set[int]) -> None:
    """Further tagger pieces of the rule's frame that are noise: a one-word "message" inside the source, or mostly
    the rule's message again (the tagger ran it on into the next sentence). What continued them continues `keep`."""
    region = set(range(min(rule.frame_tokens() | rule.message_tokens()), rule.end))
    for extra in extras:
        extra_msg = extra.message_tokens()
        if extra_msg <= region or len(extra_msg & rule.message_tokens()) * 2 >= len(extra_msg):
            out.remove(extra)
            gone.add(id(extra))
            for d in out:
                if d.continues is extra:
                    d.continues = keep


def adopt_rule(keep: Draft, rule: Draft) -> None:
    """The rule's cue and source replace the tagger's; the tagger's message stays unless it swallowed the frame,
    is a fragment of the rule's message or the frame is a laut/zufolge/so frame (it reports the rest of its
    sentence)."""
    swallowed = _overlaps(keep.message, rule.cue + rule.source)
    # (one token of slack: the rule leaves the complementizer "dass" out of the message)
    fragment = len(keep.message_tokens() - rule.message_tokens()) <= 1 and \
        len(keep.message_tokens()) < len(rule.message_tokens()) / 2
    if swallowed or fragment or not keep.message or rule.form == "reported":
        keep.message = rule.message
    keep.cue, keep.source = rule.cue, rule.source
    keep.continues = None
    keep.origin = "model+rule"
    keep.rule = rule.rule
    if rule.epistemic == "hedged":
        keep.epistemic = "hedged"
    if rule.form == "reported":
        keep.form = "reported"


def merge_rule_drafts(model: list[Draft], rules: list[Draft]) -> list[Draft]:
    """Each rule draft replaces the cue and source of its best tagger twin (`adopt_rule`); rules without a twin are
    added. A tagger draft takes part in one merge at most."""
    out = list(model)
    gone: set[int] = set()  # ids of model drafts absorbed by a rule or removed from out
    extents = [(m.start, m.end) for m in model]
    for r in rules:
        # only drafts that reach into the rule's extent can overlap it (a long document has thousands)
        start, end = r.start, r.end
        free = [m for m, (a, b) in zip(model, extents) if a < end and start < b and id(m) not in gone]
        twins = twins_of(r, free)
        if not twins:
            out.append(r)
            continue
        keep = twins[0]
        gone.add(id(keep))
        drop_duplicates(r, keep, twins[1:], out, gone)
        adopt_rule(keep, r)
    return out
