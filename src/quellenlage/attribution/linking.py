"""From the tagger's per-token role labels to linked attributions (message + its cue, source, addressee).

The tagger marks tokens; it does not say which cue belongs to which message. Linking is nearest-first inside the
sentence, as in the SpkAtt annotation, and a message without a cue of its own either carries its source inside
("Reported": "Die Medien sprechen von ...") or continues the attribution before it (Konjunktiv I run-on speech).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from quellenlage.attribution.cues import CLOSE_QUOTES, CUE_VERBS, NON_CUE_LEMMAS, OPEN_QUOTES
from quellenlage.attribution.drafts import Draft, Segment, runs
from quellenlage.attribution.grammar import appositions

LAYERS = {"message": "M", "cue": "C", "source": "S", "addressee": "A"}
# Tokens that may sit between two parts of one split direct quote: „A“, sagte er, „B“.
SPLIT_QUOTE_FILLER = frozenset({",", ":", "–", "-"}) | OPEN_QUOTES | CLOSE_QUOTES


def layer_of(tag: str, code: str) -> str:
    """'M-B|C-O|S-O|A-O' -> the B/I/O value of one layer ('O' for tags of another tag set)."""
    for part in tag.split("|"):
        if part[:2] == code + "-":
            return part[2:]
    return "O"


def segments(doc: Doc, labels: list[str], code: str) -> list[Segment]:
    """Runs of tokens that one layer marks B/I (`labels`: one tagger label per token)."""
    out: list[Segment] = []
    for tok, label in zip(doc, labels):
        val = layer_of(label, code)
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


def close_gaps(doc: Doc, messages: list[Segment], frame_tokens: set[int], sent: list[int],
               max_gap: int) -> list[Segment]:
    """Join message pieces in one sentence separated by a few untagged tokens that are not cue or source."""
    out: list[Segment] = []
    for seg in messages:
        if out:
            prev = out[-1]
            gap = range(prev.end, seg.start)
            if (len(gap) <= max_gap and sent[prev.end - 1] == sent[seg.start]
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


def snap_to_quotes(messages: list[Segment], quotes: list[Segment], share: float) -> list[Segment]:
    """A piece with at least `share` of its tokens inside one quotation (of more than three tokens) takes the
    whole quotation; pieces that then overlap are joined."""
    out: list[Segment] = []
    for seg in messages:
        for q in quotes:
            inside = max(0, min(seg.end, q.end) - max(seg.start, q.start))
            if len(q) > 3 and inside / len(seg) >= share:
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


@dataclass(frozen=True)
class LinkingRules:
    """Thresholds of linking (the factory config of `quellenlage_attribution_linking`); defaults tuned on dev."""
    # A continuation only reaches this many sentences back: further away, a cue-less message is more likely the
    # outlet's own statement than the same speaker still talking.
    max_continuation_gap: int = 2
    # Unquoted messages of fewer words are tagger scraps ("Das", "Am"): dropping them gained joint F1 on dev.
    min_message_words: int = 3
    # An unquoted message without any verb and shorter than this is a phrase of the frame.
    verbless_max_words: int = 8
    # A message of fewer words that can only borrow a cue another message already has is a tagger scrap.
    min_shared_cue_message: int = 4
    # A vetoed cue this close before a message was what the tagger took as its introducer.
    introducer_gap: int = 2
    # Gaps of at most this many tokens inside one message are tagger noise ("im", a comma), not two messages.
    max_message_gap: int = 3
    # A message piece that is mostly inside one quotation is direct speech: the whole quotation is the message,
    # however the tagger cut it (it tends to stop at sentence ends inside long quotes).
    quote_share: float = 0.5


class Linker:
    """What linking knows about one document: tagged segments per role, sentences, quotations, speech verbs."""

    def __init__(self, doc: Doc, labels: list[str], rules: LinkingRules):
        self.doc, self.rules = doc, rules
        self.sent = sentence_index(doc)
        segs = {role: segments(doc, labels, code) for role, code in LAYERS.items()}
        self.vetoed = [c for c in segs["cue"] if all(doc[i].lemma_.lower() in NON_CUE_LEMMAS for i in c.tokens())]
        self.cues = [c for c in segs["cue"] if c not in self.vetoed]
        self.sources, self.addressees, self.messages = segs["source"], segs["addressee"], segs["message"]
        self.speech_verbs = lexicon_verbs(doc)
        self.frame_tokens = {i for s in self.cues + self.sources for i in s.tokens()}
        self.quotes = quotations(doc)
        self.quoted = {i for q in self.quotes for i in q.tokens()}
        self.used_cues: set[Segment] = set()

    def message_groups(self) -> list[list[Segment]]:
        """Message pieces joined across tagger gaps, snapped to quotations, split quotes put together."""
        closed = close_gaps(self.doc, self.messages, self.frame_tokens, self.sent, self.rules.max_message_gap)
        return merge_split_quotes(self.doc, snap_to_quotes(closed, self.quotes, self.rules.quote_share),
                                  self.frame_tokens)

    def cue_for(self, parts: list[Segment], msg_tokens: set[int], msg_sents: set[int]) -> Segment | None:
        """The nearest tagged cue in the message's sentences (an unused one first), else one that ends the
        sentence before with a colon or an opening quote ("Er sagte:"), else a speech verb of the lexicon."""
        sent, doc, used = self.sent, self.doc, self.used_cues
        first_sent = min(msg_sents)

        def outside(c):
            return sent[c.start] in msg_sents and c.start not in msg_tokens

        return (nearest(parts, self.cues, lambda c: outside(c) and c not in used)
                or nearest(parts, self.cues, outside)
                or nearest(parts, self.cues, lambda c: sent[c.start] == first_sent - 1 and c not in used
                           and doc[c.end:parts[0].start].text.rstrip().endswith((":", "„", "\"", "»")))
                or lexicon_cue(parts, self.speech_verbs, msg_tokens, msg_sents, sent))

    def is_noise(self, parts: list[Segment], msg_tokens: set[int], cue: Segment | None) -> bool:
        """Tagger output that is not a message of its own (each test names the kind of scrap it drops)."""
        doc, rules = self.doc, self.rules
        if cue is None and any(0 <= parts[0].start - v.end <= rules.introducer_gap for v in self.vetoed):
            return True  # the tagger read this as introduced by a non-cue ("versuchte, ..."): not speech
        words = sum(not doc[i].is_punct for i in msg_tokens)
        quoted = bool(msg_tokens & self.quoted)
        if words < rules.min_message_words and not quoted:
            return True  # "Das", "Am", "die": tagger scraps (a short quotation is still a message)
        if not quoted and not any(doc[i].pos_ in ("VERB", "AUX") for i in msg_tokens) \
                and words < rules.verbless_max_words:
            return True  # "in einer gemeinsamen Stellungnahme": a phrase of the frame, not a message
        # a scrap beside a message that already has this cue ("sagte Keller am Dienstag")
        return cue in self.used_cues and words < rules.min_shared_cue_message

    def attach_frame(self, draft: Draft, cue: Segment, msg_tokens: set[int], msg_sents: set[int]) -> None:
        """The cue, and the source and addressee nearest to it in its or the message's sentences."""
        sent = self.sent
        self.used_cues.add(cue)
        draft.cue = [cue]
        cue_sent = {sent[cue.start]} | msg_sents

        def near_cue(c):
            return sent[c.start] in cue_sent and c.start not in msg_tokens

        src = nearest([cue], self.sources, near_cue)
        addr = nearest([cue], self.addressees, near_cue)
        draft.source = [src] if src else []
        draft.addressee = [addr] if addr else []

    def attach_cueless(self, draft: Draft, msg_tokens: set[int], first_sent: int, before: Draft | None) -> None:
        """Reported when the source lies inside the message, else free indirect speech that continues the
        attribution before it when that one ended at most `max_continuation_gap` sentences earlier."""
        inner = nearest(draft.message, self.sources, lambda c: c.start in msg_tokens)
        if inner is not None:
            draft.source = [inner]
            draft.form = "reported"
            return
        draft.form = "free_indirect"
        if before is not None and \
                first_sent - max(self.sent[s.end - 1] for s in before.message) <= self.rules.max_continuation_gap:
            draft.continues = before
            draft.source = list(before.source)
        # else: an unattributed message ("Ein vierter Mann soll geholfen haben"); dropping these cost 4.7 points
        # of joint F1 on the dev articles

    def link(self) -> list[Draft]:
        drafts: list[Draft] = []
        for parts in self.message_groups():
            msg_tokens = {i for p in parts for i in p.tokens()}
            msg_sents = {self.sent[i] for i in msg_tokens}
            cue = self.cue_for(parts, msg_tokens, msg_sents)
            if self.is_noise(parts, msg_tokens, cue):
                continue
            draft = Draft(message=parts)
            if cue is not None:
                self.attach_frame(draft, cue, msg_tokens, msg_sents)
            else:
                self.attach_cueless(draft, msg_tokens, min(msg_sents), drafts[-1] if drafts else None)
            drafts.append(draft)
            if cue is not None:
                tail = runon_tail(self.doc, draft, self.sent, self.quoted)
                if tail is not None:
                    drafts.append(tail)
        return drafts


def link(doc: Doc, labels: list[str], rules: LinkingRules = LinkingRules()) -> list[Draft]:
    """Drafts from the tagger's role labels (one per token); cue-less messages are linked as reported or as
    continuations."""
    return Linker(doc, labels, rules).link()


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
