"""PolNeAR brat standoff (Source / Cue / Content, character offsets) -> spaCy Docs for the attribution tagger.

Each token gets the combined role label of the German tagger ("M-B|C-O|S-O": message, cue, source; PolNeAR has
no addressee), by character overlap with the annotated spans. PolNeAR is univocal (a token plays at most one role
in at most one attribution), so one layer at most is not O. A token begins a piece (B) when the token before it
is not in the same role of the same attribution. The same reader serves bench/polnear_eval.py.
"""
from __future__ import annotations

import glob
import os

from spacy.tokens import Doc

ROLES = (("Content", "M"), ("Cue", "C"), ("Source", "S"))


def read_ann(path: str) -> list[dict[str, list[tuple[int, int]]]]:
    """Attributions of one .ann file: {"Content": [(start, end), ...], "Cue": [...], "Source": [...]}."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            _, _, rng = parts[1].partition(" ")
            spans[parts[0]] = [tuple(map(int, r.split(" "))) for r in rng.split(";")]
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split(" ") if ":" in a))
    out = []
    for e in events:
        role = {k: [] for k, _ in ROLES}
        for key, tid in e.items():
            k = key.rstrip("0123456789")
            if k in role and tid in spans:
                role[k] += spans[tid]
        out.append(role)
    return out


def articles(folder: str) -> list[tuple[str, str, str]]:
    """(name, text path, annotation path) per article: the first annotator's file by name, as the scorer takes."""
    out = []
    for tp in sorted(glob.glob(os.path.join(folder, "text", "*.txt"))):
        stem = os.path.splitext(os.path.basename(tp))[0]
        anns = sorted(glob.glob(os.path.join(folder, "attributions", stem + "_*.ann")))
        if anns:
            out.append((stem, tp, anns[0]))
    return out


def role_labels(doc: Doc, attributions: list[dict]) -> list[str]:
    owner = [None] * len(doc)  # (attribution index, code) per token
    for n, a in enumerate(attributions):
        for role, code in ROLES:
            for s, e in a[role]:
                span = doc.char_span(s, e, alignment_mode="expand")
                for t in span if span is not None else ():
                    if not t.is_space and owner[t.i] is None:
                        owner[t.i] = (n, code)
    labels = []
    prev = None
    for t in doc:
        o = owner[t.i]
        layer = {code: "O" for _, code in ROLES}
        if o is not None:
            layer[o[1]] = "I" if prev == o else "B"
        if not t.is_space:
            prev = o
        labels.append("|".join(f"{code}-{layer[code]}" for _, code in ROLES))
    return labels


def polnear_doc(nlp, text_path: str, ann_path: str) -> Doc:
    """The article tokenised by `nlp`'s tokenizer, with role labels in `tag_`."""
    text = open(text_path, encoding="utf-8").read()
    doc = nlp.make_doc(text)
    labels = role_labels(doc, read_ann(ann_path))
    for t, label in zip(doc, labels):
        t.tag_ = label
    return doc
