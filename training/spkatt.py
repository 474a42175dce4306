"""SpkAtt-2023 news JSON -> spaCy Docs whose tag_ is a combined role label, for the attribution tagger.

A token's label joins four BIO layers: message, cue, source, addressee ("M-B|C-O|S-O|A-O").
Combining them keeps overlaps between roles (a source inside a reported message); overlaps of two messages
(nested quotes) keep the outer one. The same reader serves bench/spkatt_eval.py.
"""
from __future__ import annotations

import json

from spacy.tokens import Doc

ROLE_LAYERS = (("Message", "M"), ("Cue", "C"), ("Source", "S"), ("Addr", "A"))
NO_SPACE_BEFORE = set(",.;:!?)]}%“'\"»") | {"...", "“", "’"}
NO_SPACE_AFTER = set("([{„»\"") | {"„", "‚", "«"}


def load(path: str) -> tuple[list[list[str]], list[dict]]:
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    sents = [s["Tokens"] for s in sorted(d["Sentences"], key=lambda s: s["SentenceId"])]
    return sents, d["Annotations"]


def detokenize(sentences: list[list[str]]) -> tuple[list[str], list[bool], list[bool], list[tuple[int, int]]]:
    """Words, trailing-space flags, sentence starts and (sent, tok) ids, joined as natural text would be."""
    words, spaces, starts, ids = [], [], [], []
    for s_i, toks in enumerate(sentences):
        for t_i, tok in enumerate(toks):
            if words:
                nxt_is_first = t_i == 0
                spaces[-1] = nxt_is_first or not (tok in NO_SPACE_BEFORE or words[-1] in NO_SPACE_AFTER)
            words.append(tok)
            spaces.append(False)
            starts.append(t_i == 0)
            ids.append((s_i, t_i))
    return words, spaces, starts, ids


def parse_ref(refs) -> set[tuple[int, int]]:
    return {tuple(int(x) for x in r.split(":")) for r in refs or []}


def annotation_order(anns: list[dict]) -> list[dict]:
    """Outer annotations first, so a nested message never overwrites the message that contains it."""
    return sorted(anns, key=lambda a: (a.get("IsNested", False), -len(a.get("Message") or [])))


def role_labels(ids: list[tuple[int, int]], anns: list[dict]) -> list[str]:
    index = {tid: i for i, tid in enumerate(ids)}
    layers = {code: ["O"] * len(ids) for _, code in ROLE_LAYERS}
    for a in annotation_order(anns):
        for role, code in ROLE_LAYERS:
            toks = sorted(index[t] for t in parse_ref(a.get(role)) if t in index)
            layer = layers[code]
            if code == "M" and any(layer[i] != "O" for i in toks):
                continue  # nested message: the outer one keeps the tokens
            prev = None
            for i in toks:
                if layer[i] == "O":
                    layer[i] = "I" if prev is not None and i == prev + 1 and layer[prev] != "O" else "B"
                prev = i
    return ["|".join(f"{code}-{layers[code][i]}" for _, code in ROLE_LAYERS) for i in range(len(ids))]


def spkatt_doc(vocab, path: str) -> Doc:
    sents, anns = load(path)
    words, spaces, starts, ids = detokenize(sents)
    return Doc(vocab, words=words, spaces=spaces, sent_starts=starts, tags=role_labels(ids, anns))
