"""From the tagger's per-token role labels to linked attributions (message + its cue, source, addressee).

The tagger marks tokens; it does not say which cue belongs to which message. Linking is nearest-first inside the
sentence, as in the SpkAtt annotation, and a message without a cue of its own either carries its source inside
("Reported": "Die Medien sprechen von ...") or continues the attribution before it (Konjunktiv I run-on speech).
"""
from __future__ import annotations

from spacy.tokens import Doc

from quellenlage.attribution.cues import CLOSE_QUOTES, CUE_VERBS, NON_CUE_LEMMAS, OPEN_QUOTES
from quellenlage.attribution.drafts import Draft, Segment, runs

LAYERS = {"message": "M", "cue": "C", "source": "S", "addressee": "A"}
# A continuation only reaches this many sentences back: further away, a cue-less message is more likely the
# outlet's own statement than the same speaker still talking.
MAX_CONTINUATION_GAP = 2
# Tokens that may sit between two parts of one split direct quote: „A“, sagte er, „B“.
SPLIT_QUOTE_FILLER = frozenset({",", ":", "–", "-"}) | OPEN_QUOTES | CLOSE_QUOTES


def layer_of(tag: str, code: str) -> str:
    """'M-B|C-O|S-O|A-O' -> the B/I/O value of one layer ('O' for tags of another tag set)."""
    for part in tag.split("|"):
        if part[:2] == code + "-":
            return part[2:]
    return "O"


def segments(doc: Doc, code: str) -> list[Segment]:
    out: list[Segment] = []
    for tok in doc:
        val = layer_of(tok.tag_, code)
        if val == "O" or tok.is_space:
            continue
        if val == "I" and out and out[-1].end >= tok.i - 1 and _only_space_between(doc, out[-1].end, tok.i):
            out[-1] = Segment(out[-1].start, tok.i + 1)
        else:
            out.append(Segment(tok.i, tok.i + 1))
    return out


def _only_space_between(doc: Doc, a: int, b: int) -> bool:
    return all(doc[k].is_space for k in range(a, b))


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (sentences come from quellenlage_sentences)."""
    idx, n = [0] * len(doc), -1
    for tok in doc:
        if tok.is_sent_start:
            n += 1
        idx[tok.i] = max(n, 0)
    return idx


# Unquoted messages of fewer words are tagger scraps ("Das", "Am"): dropping them gained joint F1 on dev.
MIN_MESSAGE_WORDS = 3
# An unquoted message without any verb and shorter than this is a phrase of the frame.
VERBLESS_MAX_WORDS = 8
# A message of fewer words that can only borrow a cue another message already has is a tagger scrap.
MIN_SHARED_CUE_MESSAGE = 4
# A vetoed cue this close before a message was what the tagger took as its introducer.
INTRODUCER_GAP = 2
# Gaps of at most this many tokens inside one message are tagger noise ("im", a comma), not two messages.
MAX_MESSAGE_GAP = 3


def close_gaps(doc: Doc, messages: list[Segment], frame_tokens: set[int], sent: list[int]) -> list[Segment]:
    """Join message pieces in one sentence separated by a few untagged tokens that are not cue or source."""
    out: list[Segment] = []
    for seg in messages:
        if out:
            prev = out[-1]
            gap = range(prev.end, seg.start)
            if (len(gap) <= MAX_MESSAGE_GAP and sent[prev.end - 1] == sent[seg.start]
                    and not any(i in frame_tokens for i in gap)):
                out[-1] = Segment(prev.start, seg.end)
                continue
        out.append(seg)
    return out


def quotations(doc: Doc) -> list[Segment]:
    """Paired quotation regions, marks included (an unpaired mark, or a blank line, ends nothing)."""
    out, open_at = [], None
    for tok in doc:
        if open_at is None and tok.text in OPEN_QUOTES:
            open_at = tok.i
        elif open_at is not None and tok.text in CLOSE_QUOTES and tok.i > open_at:
            out.append(Segment(open_at, tok.i + 1))
            open_at = None
        elif open_at is not None and tok.is_space and "\n\n" in tok.text:
            open_at = None
    return out


# A message piece that is mostly inside one quotation is direct speech: the whole quotation is the message,
# however the tagger cut it (it tends to stop at sentence ends inside long quotes).
QUOTE_SHARE = 0.5


def snap_to_quotes(messages: list[Segment], quotes: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in messages:
        for q in quotes:
            inside = max(0, min(seg.end, q.end) - max(seg.start, q.start))
            if len(q) > 3 and inside / len(seg) >= QUOTE_SHARE:
                seg = Segment(min(seg.start, q.start), max(seg.end, q.end))
        if out and out[-1].end > seg.start:
            out[-1] = Segment(out[-1].start, max(out[-1].end, seg.end))
        else:
            out.append(seg)
    return out


def merge_split_quotes(doc: Doc, messages: list[Segment], frame_tokens: set[int]) -> list[list[Segment]]:
    """Join message parts separated only by a cue/source frame and quote marks into one message."""
    groups: list[list[Segment]] = []
    for seg in messages:
        if groups:
            prev = groups[-1][-1]
            between = range(prev.end, seg.start)
            has_frame = any(i in frame_tokens for i in between)
            fillers_only = all(doc[i].is_space or i in frame_tokens or doc[i].text in SPLIT_QUOTE_FILLER
                               for i in between)
            quoted = doc[prev.end - 1].text in CLOSE_QUOTES or doc[seg.start].text in OPEN_QUOTES
            if has_frame and fillers_only and quoted:
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return groups


def nearest(target: list[Segment], candidates: list[Segment], allowed) -> Segment | None:
    best, best_d = None, None
    for c in candidates:
        if not allowed(c):
            continue
        d = min(c.distance(t) for t in target)
        if best_d is None or d < best_d:
            best, best_d = c, d
    return best


def lexicon_verbs(doc: Doc) -> list[Segment]:
    """Every speech verb of the cue lexicon in the document (found once, used for each cue-less message)."""
    return [Segment(t.i, t.i + 1) for t in doc if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CUE_VERBS]


def lexicon_cue(parts: list[Segment], verbs: list[Segment], msg_tokens: set[int], msg_sents: set[int],
                sent: list[int]) -> Segment | None:
    """The nearest speech verb of the cue lexicon in the message's sentence, when the tagger marked none: a
    message with a speech verb beside it is not a continuation of the speaker before."""
    return nearest(parts, verbs, lambda c: sent[c.start] in msg_sents and c.start not in msg_tokens)


def link(doc: Doc) -> list[Draft]:
    """Build drafts from the tagger's labels; cue-less messages are linked as reported or as continuations."""
    sent = sentence_index(doc)
    segs = {role: segments(doc, code) for role, code in LAYERS.items()}
    vetoed = [c for c in segs["cue"] if all(doc[i].lemma_.lower() in NON_CUE_LEMMAS for i in c.tokens())]
    segs["cue"] = [c for c in segs["cue"] if c not in vetoed]
    speech_verbs = lexicon_verbs(doc)
    frame_tokens = {i for role in ("cue", "source") for s in segs[role] for i in s.tokens()}
    drafts: list[Draft] = []
    used_cues: set[Segment] = set()
    quotes = quotations(doc)
    quoted = {i for q in quotes for i in q.tokens()}
    messages = snap_to_quotes(close_gaps(doc, segs["message"], frame_tokens, sent), quotes)
    for parts in merge_split_quotes(doc, messages, frame_tokens):
        msg_tokens = {i for p in parts for i in p.tokens()}
        msg_sents = {sent[i] for i in msg_tokens}
        first_sent = min(msg_sents)

        def outside_in(sents):
            return lambda c: sent[c.start] in sents and c.start not in msg_tokens

        cue = (nearest(parts, segs["cue"], lambda c: outside_in(msg_sents)(c) and c not in used_cues)
               or nearest(parts, segs["cue"], outside_in(msg_sents))
               # "Er sagte:" followed by the quote in the next sentence
               or nearest(parts, segs["cue"], lambda c: sent[c.start] == first_sent - 1 and c not in used_cues
                          and doc[c.end:parts[0].start].text.rstrip().endswith((":", "„", "\"", "»"))))
        if cue is None:
            cue = lexicon_cue(parts, speech_verbs, msg_tokens, msg_sents, sent)
        if cue is None and any(0 <= parts[0].start - v.end <= INTRODUCER_GAP for v in vetoed):
            continue  # the tagger read this as introduced by a non-cue ("versuchte, ..."): not speech
        words = sum(not doc[i].is_punct for i in msg_tokens)
        if words < MIN_MESSAGE_WORDS and not msg_tokens & quoted:
            continue  # "Das", "Am", "die": tagger scraps (a short quotation is still a message)
        if not msg_tokens & quoted and not any(doc[i].pos_ in ("VERB", "AUX") for i in msg_tokens) \
                and words < VERBLESS_MAX_WORDS:
            continue  # "in einer gemeinsamen Stellungnahme": a phrase of the frame, not a message
        if cue in used_cues and words < MIN_SHARED_CUE_MESSAGE:
            continue  # a scrap beside a message that already has this cue ("sagte Keller am Dienstag")
        draft = Draft(message=parts)
        if cue is not None:
            used_cues.add(cue)
            draft.cue = [cue]
            cue_sent = {sent[cue.start]} | msg_sents
            src = nearest([cue], segs["source"], lambda c: sent[c.start] in cue_sent and c.start not in msg_tokens)
            addr = nearest([cue], segs["addressee"], lambda c: sent[c.start] in cue_sent
                           and c.start not in msg_tokens)
            draft.source = [src] if src else []
            draft.addressee = [addr] if addr else []
        else:
            inner = nearest(parts, segs["source"], lambda c: c.start in msg_tokens)
            if inner is not None:
                draft.source = [inner]
                draft.form = "reported"
            else:
                draft.form = "free_indirect"
                prev = drafts[-1] if drafts else None
                if prev is not None and first_sent - max(sent[s.end - 1] for s in prev.message) <= MAX_CONTINUATION_GAP:
                    draft.continues = prev
                    draft.source = list(prev.source)
                # else: an unattributed message ("Ein vierter Mann soll geholfen haben"); dropping these
                # cost 4.7 points of joint F1 on the dev articles
        drafts.append(draft)
        if cue is not None:
            tail = runon_tail(doc, draft, sent, quoted)
            if tail is not None:
                drafts.append(tail)
    return drafts


def runon_tail(doc: Doc, draft: Draft, sent: list[int], quoted: set[int]) -> Draft | None:
    """Split a cued message that the tagger ran on into the following sentences: the sentences after the cue's
    own are a continuation of their own ("Zudem habe er ..."), as SpkAtt annotates them. Quotations stay whole."""
    cue_sent = sent[draft.cue[0].start]
    msg = draft.message_tokens()
    anchor = cue_sent if any(sent[i] == cue_sent for i in msg) else min(sent[i] for i in msg)
    tail = {i for i in msg if sent[i] > anchor and i not in quoted}
    head = msg - tail
    if not tail or not head:
        return None
    draft.message = runs(head)
    return Draft(message=runs(tail), source=list(draft.source), continues=draft, form="free_indirect")
