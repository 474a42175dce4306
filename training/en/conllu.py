"""Read CoNLL-U (GUM, UD English-EWT) into spaCy Docs with POS, morphology, lemmas, dependencies and named entities.

GUM marks every mention with its entity type and coreference (MISC `Entity=`, bracket notation); UD EWT has no
entities. A GUM mention is a *name* when its syntactic head is a proper noun (UPOS PROPN, or Penn tag NNP/NNPS); its NER span is the run
of proper nouns around that head inside the mention (joined across "of", "for", "&", "-" and "and" where a proper
noun follows), never taking tokens of a name nested inside it ("NASA" in "NASA Administrator Charles Bolden").
GUM's types map to our labels by `GUM_LABEL`: time ("Tuesday", "May") and quantity are never names. Leading titles
of a person ("Senator", "Mr.") are left out of PER names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

# GUM entity type -> NER label; None: not a named entity even with a proper-noun head (dates, amounts)
GUM_LABEL = {"person": "PER", "organization": "ORG", "place": "LOC", "event": "MISC", "object": "MISC",
             "abstract": "MISC", "substance": "MISC", "animal": "MISC", "plant": "MISC", "time": None,
             "quantity": None}
BRIDGES = {"of", "for", "&", "-", "and", "de", "du", "von", "van", "der", "la", "le", "'s"}
# Titles before a person's name are no part of the name (as GermEval and CoNLL annotate names; GUM counts a
# capitalised title in): the product's list, src/quellenlage/lang/en/words/titles.txt
TITLES_FILE = Path(__file__).resolve().parents[2] / "src" / "quellenlage" / "lang" / "en" / "words" / "titles.txt"


def titles() -> frozenset[str]:
    lines = TITLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@dataclass
class Sentence:
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based index into the sentence, self for the root
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)
    new_par: bool = False


def read_conllu(path: str) -> list[tuple[str, list[Sentence]]]:
    """(document id, sentences) per `# newdoc`; multi-word tokens are read as their syntactic words."""
    docs: list[tuple[str, list[Sentence]]] = []
    cur = Sentence()
    doc_id = path
    pending_par = True
    mwt_end, mwt_space = -1, True

    def flush():
        nonlocal cur
        if cur.words:
            if not docs:
                docs.append((doc_id, []))
            docs[-1][1].append(cur)
        cur = Sentence()

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            flush()
            mwt_end = -1  # multi-word token ranges count within one sentence
            continue
        if line.startswith("#"):
            m = re.match(r"# newdoc id = (\S+)", line)
            if m:
                flush()
                doc_id = m.group(1)
                docs.append((doc_id, []))
                pending_par = True
            elif line.startswith("# newpar"):
                pending_par = True
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # empty nodes of enhanced dependencies
        if "-" in cols[0]:
            a, b = map(int, cols[0].split("-"))
            mwt_end, mwt_space = b, "SpaceAfter=No" not in cols[9]
            continue
        i = int(cols[0])
        if not cur.words:
            cur.new_par, pending_par = pending_par, False
        cur.words.append(cols[1])
        if i < mwt_end:
            space = False
        elif i == mwt_end:
            space = mwt_space
        else:
            space = "SpaceAfter=No" not in cols[9]
        cur.spaces.append(space)
        cur.pos.append(cols[3])
        cur.xpos.append(cols[4])
        cur.morphs.append("" if cols[5] == "_" else cols[5])
        cur.lemmas.append(cols[2])
        head = int(cols[6]) if cols[6].isdigit() else 0
        cur.heads.append(head - 1 if head else i - 1)
        cur.deps.append("ROOT" if cols[7] == "root" else cols[7])
        cur.misc.append(cols[9])
    flush()
    return [(d, s) for d, s in docs if s]


def mentions(sent: Sentence) -> list[tuple[int, int, str]]:
    """GUM mentions (start, end exclusive, type) of one sentence, from the MISC Entity= brackets."""
    out, open_ = [], []
    for t, misc in enumerate(sent.misc):
        m = re.search(r"(?:^|\|)Entity=([^|]*)", misc)
        if not m:
            continue
        s, i = m.group(1), 0
        while i < len(s):
            if s[i] == "(":
                j = i + 1
                while j < len(s) and s[j] not in "()":
                    j += 1
                parts = s[i + 1:j].split("-")
                if j < len(s) and s[j] == ")":
                    out.append((t, t + 1, parts[1]))
                    i = j + 1
                else:
                    open_.append((parts[0], parts[1], t))
                    i = j
            elif s[i].isdigit():
                j = i
                while j < len(s) and s[j].isdigit():
                    j += 1
                eid = s[i:j]
                for k in range(len(open_) - 1, -1, -1):
                    if open_[k][0] == eid:
                        _, etype, start = open_.pop(k)
                        out.append((start, t + 1, etype))
                        break
                i = j + 1
            else:
                i += 1
    return out


TITLES = titles()


def mention_head(sent: Sentence, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside the mention (the first such, for a flat name)."""
    for t in range(start, end):
        h = sent.heads[t]
        if h == t or not start <= h < end:
            return t
    return start


def is_proper(sent: Sentence, t: int) -> bool:
    """A word of a name: UD gives the words inside names their own class ("United" ADJ in "United States"), the
    Penn tag keeps NNP/NNPS for them."""
    return sent.pos[t] == "PROPN" or sent.xpos[t] in ("NNP", "NNPS")


def name_spans(sent: Sentence) -> list[tuple[int, int, str]]:
    """Flat named-entity spans of a GUM sentence: innermost names first, so nested names keep their tokens."""
    taken = [False] * len(sent.words)
    out = []
    for start, end, etype in sorted(mentions(sent), key=lambda m: m[1] - m[0]):
        label = GUM_LABEL.get(etype)
        head = mention_head(sent, start, end)
        if label is None or not is_proper(sent, head) or taken[head]:
            continue
        a = b = head
        while a - 1 >= start and not taken[a - 1] and (
                is_proper(sent, a - 1) or (sent.words[a - 1].lower() in BRIDGES and a - 2 >= start
                                           and is_proper(sent, a - 2) and not taken[a - 2])):
            a -= 1
        while b + 1 < end and not taken[b + 1] and (
                is_proper(sent, b + 1) or (sent.words[b + 1].lower() in BRIDGES and b + 2 < end
                                           and is_proper(sent, b + 2) and not taken[b + 2])):
            b += 1
        for t in range(a, b + 1):
            taken[t] = True
        while label == "PER" and a < b and sent.words[a].lower() in TITLES:
            a += 1
        out.append((a, b + 1, label))
    return sorted(out)


def to_doc(vocab, sents: list[Sentence], with_entities: bool) -> Doc:
    """One Doc of consecutive sentences, with everything the CoNLL-U gives (entities only for GUM)."""
    words, spaces, pos, morphs, lemmas, heads, deps, starts, ents = [], [], [], [], [], [], [], [], []
    for s in sents:
        off = len(words)
        words += s.words
        spaces += s.spaces
        if spaces:
            spaces[-1] = True
        pos += s.pos
        morphs += s.morphs
        lemmas += s.lemmas
        heads += [h + off for h in s.heads]
        deps += s.deps
        starts += [True] + [False] * (len(s.words) - 1)
        tags = ["O"] * len(s.words)
        if with_entities:
            for a, b, label in name_spans(s):
                tags[a] = f"B-{label}"
                for t in range(a + 1, b):
                    tags[t] = f"I-{label}"
        ents += tags
    if spaces:
        spaces[-1] = False
    return Doc(vocab, words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads, deps=deps,
               sent_starts=starts, ents=ents if with_entities else None)


def paragraphs(sents: list[Sentence], max_sents: int = 12) -> list[list[Sentence]]:
    """Consecutive sentences grouped by paragraph (at most `max_sents` a group)."""
    out: list[list[Sentence]] = []
    for s in sents:
        if not out or s.new_par or len(out[-1]) >= max_sents:
            out.append([])
        out[-1].append(s)
    return out
