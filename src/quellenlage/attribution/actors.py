"""Actors of one document: entity mentions and source phrases grouped into referents, with roles.

Within one article, names repeat in shorter or inflected forms ("Dmitry Kozak" ... "Kozak" ... "Kozaks") and
sources are pronouns or descriptions ("er", "die Berichte des Mediums"). Cross-document merging is the
knowledge base's job; here we only resolve what the article itself makes clear.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from quellenlage.attribution.cues import (ANONYMOUS_WORDS, OFFICIAL_WORDS, OPENERS, ORGANISATION_WORDS,
                                          OUTLET_WORDS, PERSON_PRONOUNS, PLURAL_PRONOUNS)
from quellenlage.attribution.drafts import Draft, Segment, char_span
from quellenlage.attribution.frames import is_possessor, skip_apposition
from quellenlage.model import Actor, Mention, follow

ENTITY_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
MAX_ROLE_TOKENS = 12
# Generic nouns that head a description of an outlet already named ("des Mediums", "die Zeitung").
OUTLET_DESCRIPTIONS = frozenset({"medium", "mediums", "zeitung", "blatt", "blattes", "agentur", "sender",
                                 "magazin", "berichte", "bericht", "berichten"})


@dataclass
class ActorDraft:
    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[Segment] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fullest name, in the nominative where the text shows it ("Wladimir Putins" + "Putin")."""
        full = max(self.names, key=len)
        words = full.split()
        bases = {n.split()[-1] for n in self.names if n.split()}
        if len(words) > 1 and words[-1].endswith("s") and words[-1][:-1] in bases:
            words[-1] = words[-1][:-1]
        elif self.type == "outlet":
            words = outlet_nominative(words)  # the NER's "Hunsrücker Anzeigers" in "laut des Hunsrücker Anzeigers"
        return " ".join(words)

    def key_tokens(self) -> list[str]:
        return [norm(w) for w in self.name.split()]


def norm(word: str) -> str:
    """Lowercase, without a genitive ending: "Putins" and "Kozaks'" name Putin and Kozak."""
    w = word.lower().strip("'’")
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def same_referent(a: ActorDraft, words: list[str], etype: str) -> bool:
    """A shorter name matches a fuller one when its words are a tail of it (surname) or all inside it."""
    if a.type != etype and not (etype == "organisation" and a.type == "outlet"):
        return False
    mine = a.key_tokens()
    cand = [norm(w) for w in words]
    if not cand or not mine:
        return False
    if etype == "person":
        if cand[-1] != mine[-1]:
            return False
        # different first names on the same surname are different people (Kozak, Dmitry vs Anna)
        return len(cand) == 1 or len(mine) == 1 or cand[0] == mine[0] or cand[0][:1] == mine[0][:1] and \
            cand[0].endswith(".")
    return cand == mine or set(cand) <= set(mine) or set(mine) <= set(cand)


def _head(doc: Doc, seg: Segment):
    for i in seg.tokens():
        if doc[i].pos_ in ("NOUN", "PROPN", "PRON") or doc[i].lower_ in ANONYMOUS_WORDS:
            return doc[i]
    return doc[seg.start]


def named_apposition(doc: Doc, seg: Segment) -> str | None:
    """The organisation name in ", die X GmbH," right after a description, without its article."""
    end = skip_apposition(doc, seg.end, len(doc))
    if end == seg.end:
        return None
    inner = [t for t in doc[seg.end + 1:end - 1] if t.lower_ not in ARTICLES]
    if inner and {t.lower_ for t in inner} & ORGANISATION_WORDS:
        return " ".join(t.text for t in inner)
    return None


ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"})


def outlet_name(doc: Doc, seg: Segment) -> str:
    """The outlet a phrase names: "einem Bericht des Hunsrücker Anzeigers" -> "Hunsrücker Anzeiger"."""
    toks = [doc[i] for i in seg.tokens()]
    while toks and (toks[0].lower_ in ARTICLES or norm(toks[0].text) in OUTLET_DESCRIPTIONS
                    or toks[0].lower_ in ("berichten", "angaben")):
        toks = toks[1:]
    if not toks:
        return doc[seg.start:seg.end].text
    return " ".join(outlet_nominative([t.text for t in toks]))


def outlet_nominative(words: list[str]) -> list[str]:
    """An outlet's name without its genitive -s: "Kuriers" -> "Kurier"."""
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and norm(words[-1]) in OUTLET_WORDS:
        return words[:-1] + [words[-1][:-1]]
    return words


def _words(doc: Doc, seg: Segment) -> set[str]:
    """Lowercased words, each also without a genitive -s ("Kuriers" -> "kurier")."""
    words = {doc[i].lower_ for i in seg.tokens()}
    return words | {norm(w) for w in words}


class ActorBuilder:
    """Collects actors in text order so pronouns and descriptions resolve to the most recent fitting actor."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.actors: list[ActorDraft] = []
        self.by_token: dict[int, int] = {}

    def add_mention(self, seg: Segment, etype: str) -> int:
        text = self.doc[seg.start:seg.end].text
        words = [w for w in text.split() if w[:1].isalnum()] or [text]
        for k in range(len(self.actors) - 1, -1, -1):
            if same_referent(self.actors[k], words, etype):
                break
        else:
            self.actors.append(ActorDraft(type=etype))
            k = len(self.actors) - 1
        act = self.actors[k]
        if not any(norm(n) == norm(text) for n in act.names) and not (len(words) == 1 and words[0].endswith("s")
                                                                       and act.names):
            act.names.append(text)
        act.mentions.append(seg)
        for i in seg.tokens():
            self.by_token[i] = k
        return k

    def latest(self, before: int, types: tuple[str, ...]) -> int | None:
        """The actor of the latest mention before token `before` among the given types; a possessor
        ("Weggefährten Putins") is not a likely antecedent and is skipped."""
        best, best_at = None, -1
        for k, act in enumerate(self.actors):
            for m in act.mentions:
                if act.type in types and best_at < m.start < before and not is_possessor(self.doc, m):
                    best, best_at = k, m.start
        return best

    def resolve_source(self, seg: Segment) -> int:
        """The actor a source phrase refers to; adds the phrase as a mention of it."""
        doc = self.doc
        words = _words(doc, seg)
        head = _head(doc, seg)
        inner = sorted({self.by_token[i] for i in seg.tokens() if i in self.by_token})
        if head.lower_ in ANONYMOUS_WORDS or (words & ANONYMOUS_WORDS and not inner):
            k = self._group(seg)
        elif len(seg) == 1 and head.pos_ == "PRON" and seg.start in self.by_token:
            k = self.by_token[seg.start]
        elif len(seg) == 1 and head.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS:
            singular = "Plur" not in head.morph.get("Number") and head.lower_ != "they"
            types = ("person",) if singular else ("group", "organisation", "outlet")
            k = self.latest(seg.start, types)
            k = self._group(seg) if k is None else k
            self.actors[k].mentions.append(seg)
        elif inner:
            k = inner[0]
            if words & OUTLET_WORDS and self.actors[k].type != "place":
                self.actors[k].type = "outlet"  # "einem Bericht des Hunsrücker Anzeigers": whatever NER said
        elif head.lower_ in OUTLET_DESCRIPTIONS and (k := self.latest(seg.start, ("outlet",))) is not None:
            self.actors[k].mentions.append(seg)
        elif (k := self.known_person(seg)) is not None:
            self.actors[k].mentions.append(seg)
        else:
            k = self._group(seg)
        return k

    def known_person(self, seg: Segment) -> int | None:
        """A capitalised name the NER missed here but found elsewhere ("Keller habe betont" after "Anna Keller")."""
        words = [t.text for t in self.doc[seg.start:seg.end] if t.text[:1].isupper() and t.pos_ != "DET"]
        if not words or len(words) != len([t for t in self.doc[seg.start:seg.end] if not t.is_punct]):
            return None
        for k in range(len(self.actors) - 1, -1, -1):
            if self.actors[k].type == "person" and same_referent(self.actors[k], words, "person"):
                return k
        return None

    def _group(self, seg: Segment) -> int:
        text = self.doc[seg.start:seg.end].text
        words = _words(self.doc, seg)
        named = named_apposition(self.doc, seg)
        if named is not None:
            # "Der Betreiber, die Windkraft Soonwald GmbH, ...": the organisation named beside the description
            self.actors.append(ActorDraft(type="organisation", names=[named], mentions=[seg],
                                          roles=[text]))
            return len(self.actors) - 1
        etype = "outlet" if words & (OUTLET_WORDS - OUTLET_DESCRIPTIONS) else "group"
        if etype == "outlet":
            text = outlet_name(self.doc, seg)
        for k, act in enumerate(self.actors):
            if act.type == etype and act.name.lower() == text.lower():
                act.mentions.append(seg)
                return k
        self.actors.append(ActorDraft(type=etype if words else "group", names=[text], mentions=[seg]))
        return len(self.actors) - 1


# An apposition may follow the clause-final verb: "... auf Sergey Kiriyenko übertragen, der Leiter der ...".
MAX_VERBS_BEFORE_APPOSITION = 2


# Unambiguous singular masculine pronouns: "er", "ihn", "ihm" refer back to the latest person. ("sie" may be a
# woman, a group or a plural, so it is only resolved where it is a source.)
MASCULINE_PRONOUNS = frozenset({"er", "ihn", "ihm", "he", "him"})


def resolve_pronouns(doc: Doc, builder: "ActorBuilder") -> None:
    for tok in doc:
        if tok.lower_ in MASCULINE_PRONOUNS and tok.i not in builder.by_token:
            k = builder.latest(tok.i, ("person",))
            if k is not None:
                builder.actors[k].mentions.append(Segment(tok.i, tok.i + 1))
                builder.by_token[tok.i] = k


def apposition_role(doc: Doc, seg: Segment) -> str | None:
    """", einer der engsten Weggefährten Putins," or ", der stellvertretende Leiter der Präsidialverwaltung"."""
    k = seg.end
    while k < len(doc) and k - seg.end < MAX_VERBS_BEFORE_APPOSITION and doc[k].pos_ in ("VERB", "AUX"):
        k += 1
    if k + 1 >= len(doc) or doc[k].text != ",":
        return None
    first = doc[k + 1]
    article_like = first.lower_ in ("der", "die", "das", "ein", "eine", "einer", "eines", "the", "a", "an")
    if not article_like or k + 2 >= len(doc) or doc[k + 2].pos_ not in ("ADJ", "NOUN", "PROPN", "DET", "ADP"):
        return None  # "Kozak, der sagte ..." is a relative clause, not an apposition
    j = k + 1
    while j < len(doc) and j - k <= MAX_ROLE_TOKENS and doc[j].text not in (",", ".", ";", "!", "?", "\n") \
            and not _finite(doc[j]):
        j += 1
    if j < len(doc) and _finite(doc[j]) or j - k > MAX_ROLE_TOKENS:
        return None  # a clause, not a noun phrase
    return doc[k + 1:j].text.strip() or None


def _finite(tok) -> bool:
    """A finite verb (the morphologizer sometimes calls an inflected noun or adjective a VERB)."""
    return tok.pos_ in ("VERB", "AUX") and tok.morph.get("VerbForm") == ["Fin"]



def title_role(doc: Doc, seg: Segment) -> str | None:
    """A title noun right before the name: "Bürgermeisterin Anna Keller", "Landrat Thomas Berger"."""
    k = seg.start - 1
    if is_possessor(doc, seg):
        return None  # the noun before governs the genitive name; it is not a title
    if k < 0 or doc[k].pos_ not in ("NOUN", "PROPN") or not doc[k].text[:1].isupper() or doc[k].lower_ in OPENERS \
            or doc[k].ent_type_:
        return None
    if doc[seg.end - 1].text.endswith("s") and doc[seg.end - 1].pos_ == "PROPN" and k > 0 and \
            doc[k - 1].pos_ in ("ADJ", "DET"):
        return None  # "Weggefährten Wladimir Putins": the noun governs a genitive name, it is not his title
    j = k
    while j > 0 and doc[j - 1].pos_ == "ADJ":
        j -= 1
    return doc[j:k + 1].text


def source_type_of(doc: Doc, d: Draft, actor: ActorDraft | None) -> str:
    if not d.source:
        return "unattributed"
    words = set().union(*(_words(doc, s) for s in d.source))
    roles = " ".join(actor.roles).lower().split() if actor else []
    if actor is not None and actor.type == "outlet":
        return "outlet"
    if words & ANONYMOUS_WORDS or (actor is not None and actor.type == "group" and not words & OFFICIAL_WORDS):
        return "anonymous"
    if words & OFFICIAL_WORDS or set(roles) & OFFICIAL_WORDS:
        return "official"
    if actor is not None and actor.type == "person":
        return "person"
    return "organisation"


def build_actors(doc: Doc, drafts: list[Draft]) -> list[Actor]:
    """Actors from entities and sources; sets each draft's source_actor and source_type."""
    builder = ActorBuilder(doc)
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES:
            etype = ENTITY_TYPES[ent.label_]
            if {t.lower_ for t in ent} & ORGANISATION_WORDS:
                etype = "organisation"
            builder.add_mention(Segment(ent.start, ent.end), etype)
    resolve_pronouns(doc, builder)
    source_actor: dict[int, int] = {}
    for d in sorted(drafts, key=lambda x: x.source[0].start if x.source else 0):
        if d.source and d.continues is None:
            source_actor[id(d)] = builder.resolve_source(d.source[0])
    for d in drafts:
        root = follow(d, lambda x: x.continues)[-1]
        if root is not d and id(root) in source_actor:
            source_actor[id(d)] = source_actor[id(root)]
    for act in builder.actors:
        if act.type == "person":
            for m in act.mentions:
                for role in (apposition_role(doc, m), title_role(doc, m)):
                    if role and role not in act.roles:
                        act.roles.append(role)
    for d in drafts:
        k = source_actor.get(id(d))
        d.source_actor = f"a{k + 1}" if k is not None else None
        d.source_type = source_type_of(doc, d, builder.actors[k] if k is not None else None)
    return [Actor(id=f"a{k + 1}", name=a.name, type=a.type,
                  mentions=[Mention(**vars(char_span(doc, m))) for m in sorted(a.mentions, key=lambda s: s.start)],
                  roles=a.roles)
            for k, a in enumerate(builder.actors)]
