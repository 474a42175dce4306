"""Rule frames of English attribution, for what the tagger may miss: closed-class patterns a rule finds reliably.

- reported: "According to the county, ..." / "..., according to the county." (frames.jsonl, kind "reported");
- hedge: "reportedly", "allegedly", "is said to" (kind "hedge"): the outlet passes on a claim without a source;
- speech verb: "Officials said ...", "the fire chief said ...", "..., said X." (speech_verbs.txt), where the
  sentence has no cue of the tagger's.
Without a parser, a source is the run of nominal words next to the cue (at most MAX_SOURCE_TOKENS) and a message
the rest of the sentence on the other side, up to a comma or the sentence end.
"""
from __future__ import annotations

import functools

from spacy.matcher import Matcher
from spacy.tokens import Doc

from quellenlage.attribution.drafts import Draft, Segment, trim
from quellenlage.lang.en.words import patterns, word_list

MAX_SOURCE_TOKENS = 10
NOMINAL = {"PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON"}
# inside a source after its first word: "the fire chief of the county", "officials familiar with the plans"
SOURCE_JOINERS = {"of", "for", "at", "in", "with", "from", "'s", "’s", "-", "/", "and", "familiar", "close", "to"}
SUBORDINATORS = {"that"}
MIN_MESSAGE_WORDS = 3
STOP = {",", ";", ":", ".", "!", "?", "—", "–", "(", ")"}


@functools.lru_cache(maxsize=4)
def _matcher(vocab_id: int, vocab) -> Matcher:
    matcher = Matcher(vocab)
    for entry in patterns("frames"):
        matcher.add(entry["label"], [entry["pattern"]])
    return matcher


def matcher_for(doc: Doc) -> Matcher:
    return _matcher(id(doc.vocab), doc.vocab)


def words(doc: Doc, seg: Segment) -> int:
    return sum(not doc[i].is_punct and not doc[i].is_space for i in seg.tokens())


def source_after(doc: Doc, start: int, end_limit: int) -> Segment | None:
    """The nominal phrase that begins at `start` (up to a stop mark or MAX_SOURCE_TOKENS)."""
    i = start
    while i < end_limit and i - start < MAX_SOURCE_TOKENS:
        t = doc[i]
        if t.is_space or t.text in STOP:
            break
        participle = t.pos_ == "VERB" and "Part" in t.morph.get("VerbForm")  # "a poll released last week"
        if t.pos_ not in NOMINAL and t.lower_ not in SOURCE_JOINERS and not participle:
            if t.pos_:  # without POS (a bare pipeline) every word may belong
                break
        i += 1
    return Segment(start, i) if i > start else None


def source_before(doc: Doc, end: int, start_limit: int) -> Segment | None:
    """The nominal phrase that ends just before `end` (subject of "X said")."""
    i = end
    while i > start_limit and end - i < MAX_SOURCE_TOKENS:
        t = doc[i - 1]
        if t.is_space or t.text in STOP:
            break
        if t.pos_ and t.pos_ not in NOMINAL and t.lower_ not in SOURCE_JOINERS:
            break
        i -= 1
    seg = Segment(i, end) if i < end else None
    if seg is not None and doc[seg.start].lower_ in SOURCE_JOINERS:
        return None
    return seg


def clause_before(doc: Doc, sent_start: int, cue_start: int) -> Segment | None:
    """The sentence before a cue that follows a comma ("..., according to X"), without the comma and without a
    leading conjunction ("And", "But"), which links the sentence to the one before and is no part of the claim."""
    while sent_start < cue_start and (doc[sent_start].pos_ == "CCONJ" or doc[sent_start].is_space):
        sent_start += 1
    return trim(doc, Segment(sent_start, cue_start))


def clause_after(doc: Doc, start: int, sent_end: int) -> Segment | None:
    """The rest of the sentence after `start`, without a leading "that" and the final punctuation."""
    while start < sent_end and (doc[start].lower_ in SUBORDINATORS or doc[start].text in {",", ":"}
                                or doc[start].is_space):
        start += 1
    return trim(doc, Segment(start, sent_end))


def reported_draft(doc: Doc, cue: Segment, sent) -> Draft | None:
    src = source_after(doc, cue.end, sent.end)
    if src is None:
        return None
    after = src.end
    if after < sent.end and doc[after].text == ",":
        msg = clause_after(doc, after + 1, sent.end)  # According to X, MESSAGE.
    else:
        msg = clause_before(doc, sent.start, cue.start)  # MESSAGE, according to X.
    if msg is None or words(doc, msg) < MIN_MESSAGE_WORDS:
        return None
    return Draft(message=[msg], cue=[cue], source=[src], form="reported", origin="rule", rule="reported")


def hedge_draft(doc: Doc, cue: Segment, sent) -> Draft | None:
    before = trim(doc, Segment(sent.start, cue.start))
    after = trim(doc, Segment(cue.end, sent.end))
    parts = [p for p in (before, after) if p is not None]
    if sum(words(doc, p) for p in parts) < MIN_MESSAGE_WORDS:
        return None
    return Draft(message=parts, cue=[cue], form="reported", epistemic="hedged", origin="rule", rule="hedge")


def verb_draft(doc: Doc, verb: int, sent) -> Draft | None:
    """ "X said (that) M." or "M, X said." or "M, said X." around one speech verb."""
    cue = Segment(verb, verb + 1)
    prev_punct = verb > sent.start and doc[verb - 1].text in {",", "”", "\"", "’"}
    src = source_before(doc, verb, sent.start)
    if src is not None:
        before_src = src.start > sent.start and doc[src.start - 1].text in {",", "”", "\"", "’"}
        if before_src:  # "M," X said.
            msg = clause_before(doc, sent.start, src.start)
        else:  # X said (that) M.
            msg = clause_after(doc, verb + 1, sent.end)
    elif prev_punct:  # "M," said X.
        src = source_after(doc, verb + 1, sent.end)
        msg = clause_before(doc, sent.start, verb)
    else:
        return None
    if src is None or msg is None or words(doc, msg) < MIN_MESSAGE_WORDS:
        return None
    return Draft(message=[msg], cue=[cue], source=[src], origin="rule", rule="verb")


def rule_drafts(doc: Doc) -> list[Draft]:
    """Every rule frame of the document (merge_rule_drafts keeps those the tagger did not find)."""
    out: list[Draft] = []
    for match_id, start, end in matcher_for(doc)(doc):
        kind = doc.vocab.strings[match_id].split("|", 1)[0]
        sent = doc[start].sent
        cue = Segment(start, end)
        draft = reported_draft(doc, cue, sent) if kind == "reported" else hedge_draft(doc, cue, sent)
        if draft is not None:
            out.append(draft)
    verbs = word_list("speech_verbs")
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX", "") and (tok.lemma_.lower() in verbs):
            draft = verb_draft(doc, tok.i, tok.sent)
            if draft is not None:
                out.append(draft)
    return out


def tokens_of(d: Draft) -> set[int]:
    return {i for s in d.cue + d.message + d.source for i in s.tokens()}


def merge_rule_drafts(model: list[Draft], rules: list[Draft]) -> list[Draft]:
    """The tagger's drafts, plus each rule draft that overlaps none of them nor an earlier rule draft. A
    reported frame ("according to X") replaces the tagger's drafts whose cue overlaps its cue, if it overlaps no
    other draft: the closed-class frame knows its source and message better than the tagger, which reads "the
    county" as part of the message."""
    model = list(model)
    for r in rules:
        if r.rule != "reported":
            continue
        cue = {i for s in r.cue for i in s.tokens()}
        same = [d for d in model if cue & {i for s in d.cue for i in s.tokens()}]
        others = [d for d in model if d not in same]
        if same and not any(tokens_of(r) & tokens_of(d) for d in others):
            model = others + [r]
    taken: set[int] = set()
    for d in model:
        taken |= tokens_of(d)
    out = list(model)
    for d in sorted(rules, key=lambda d: (d.rule != "reported", d.start)):
        toks = tokens_of(d)
        if d in out or toks & taken:
            continue
        taken |= toks
        out.append(d)
    return sorted(out, key=lambda d: (d.start, d.end))
