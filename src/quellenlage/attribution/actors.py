"""Actors of one document: entity mentions and source phrases grouped into referents, with roles.

Within one article, names repeat in shorter or inflected forms ("Dmitry Kozak" ... "Kozak" ... "Kozaks") and
sources are pronouns or descriptions ("er", "die Berichte des Mediums"). Cross-document merging is the
knowledge base's job; here we only resolve what the article itself makes clear.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from quellenlage.attribution.cues import (ANONYMOUS_WORDS, MASCULINE_PRONOUNS, OFFICIAL_WORDS, ORGANISATION_WORDS,
                                          OUTLET_DESCRIPTIONS, OUTLET_WORDS, PERSON_PRONOUNS, PLURAL_PRONOUNS)
from quellenlage.attribution.drafts import Draft, Segment
from quellenlage.attribution.grammar import is_possessor
from quellenlage.attribution.naming import (ActorDraft, named_apposition, norm, outlet_name, same_referent,
                                            words_of_phrase)
from quellenlage.attribution.titles import apposition_role, title_role
from quellenlage.model import follow

ENTITY_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}


@dataclass(frozen=True)
class ActorRules:
    """Limits of role finding (the factory config of `quellenlage_actors`)."""
    # An apposition role is a noun phrase of at most this many tokens (longer: a clause, not a role).
    max_role_tokens: int = 12
    # An apposition may follow up to this many clause-final verbs: "... auf Sergey Kiriyenko übertragen, der ...".
    max_verbs_before_apposition: int = 2


def _head(doc: Doc, seg: Segment):
    for i in seg.tokens():
        if doc[i].pos_ in ("NOUN", "PROPN", "PRON") or doc[i].lower_ in ANONYMOUS_WORDS:
            return doc[i]
    return doc[seg.start]


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
        words = words_of_phrase(doc, seg)
        head = _head(doc, seg)
        inner = sorted({self.by_token[i] for i in seg.tokens() if i in self.by_token})
        if head.lower_ in ANONYMOUS_WORDS or (words & ANONYMOUS_WORDS and not inner):
            return self._group(seg)
        if len(seg) == 1 and head.pos_ == "PRON" and seg.start in self.by_token:
            return self.by_token[seg.start]
        if len(seg) == 1 and head.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS:
            return self._pronoun(seg, head)
        if inner:
            k = inner[0]
            if words & OUTLET_WORDS and self.actors[k].type != "place":
                self.actors[k].type = "outlet"  # "einem Bericht des Hunsrücker Anzeigers": whatever NER said
            return k
        k = self.latest(seg.start, ("outlet",)) if head.lower_ in OUTLET_DESCRIPTIONS else None
        if k is None:
            k = self.known_person(seg)
        if k is None:
            return self._group(seg)
        self.actors[k].mentions.append(seg)  # "des Mediums" (the last outlet), "Keller" (a known person)
        return k

    def _pronoun(self, seg: Segment, pronoun) -> int:
        """A pronoun source: the latest person ("er"), or the latest group or organisation ("sie" plural)."""
        singular = "Plur" not in pronoun.morph.get("Number") and pronoun.lower_ != "they"
        types = ("person",) if singular else ("group", "organisation", "outlet")
        k = self.latest(seg.start, types)
        k = self._group(seg) if k is None else k
        self.actors[k].mentions.append(seg)
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
        words = words_of_phrase(self.doc, seg)
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


def resolve_pronouns(doc: Doc, builder: ActorBuilder) -> None:
    """Unambiguous masculine pronouns ("er", "ihn", "ihm") as mentions of the latest person before them."""
    for tok in doc:
        if tok.lower_ in MASCULINE_PRONOUNS and tok.i not in builder.by_token:
            k = builder.latest(tok.i, ("person",))
            if k is not None:
                builder.actors[k].mentions.append(Segment(tok.i, tok.i + 1))
                builder.by_token[tok.i] = k


def source_type_of(doc: Doc, d: Draft, actor: ActorDraft | None) -> str:
    """outlet, anonymous, official, person or organisation by the source's words and actor; unattributed without one."""
    if not d.source:
        return "unattributed"
    words = set().union(*(words_of_phrase(doc, s) for s in d.source))
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


def add_entities(builder: ActorBuilder, doc: Doc) -> None:
    """Every PER/ORG/LOC/MISC entity as a mention (an ORG or any entity with a company ending is an organisation)."""
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES:
            etype = ENTITY_TYPES[ent.label_]
            if {t.lower_ for t in ent} & ORGANISATION_WORDS:
                etype = "organisation"
            builder.add_mention(Segment(ent.start, ent.end), etype)


def source_actors(builder: ActorBuilder, drafts: list[Draft]) -> dict[int, int]:
    """Actor index of each draft's source (by id of the draft), sources resolved in text order; a continuation
    speaks for the actor of its run's head."""
    found: dict[int, int] = {}
    for d in sorted(drafts, key=lambda x: x.source[0].start if x.source else 0):
        if d.source and d.continues is None:
            found[id(d)] = builder.resolve_source(d.source[0])
    for d in drafts:
        root = follow(d, lambda x: x.continues)[-1]
        if root is not d and id(root) in found:
            found[id(d)] = found[id(root)]
    return found


def add_roles(doc: Doc, builder: ActorBuilder, rules: ActorRules) -> None:
    """Appositions and titles of every person mention, each role once."""
    for act in builder.actors:
        if act.type != "person":
            continue
        for m in act.mentions:
            for role in (apposition_role(doc, m, rules.max_verbs_before_apposition, rules.max_role_tokens),
                         title_role(doc, m)):
                if role and role not in act.roles:
                    act.roles.append(role)


def build_actors(doc: Doc, drafts: list[Draft], rules: ActorRules = ActorRules()) \
        -> tuple[list[dict], list[list[Segment]]]:
    """Actors from entities and sources, as records (id a1, a2, … in order of first mention; name, type, roles) and
    the mentions of each; sets each draft's source_actor and source_type."""
    builder = ActorBuilder(doc)
    add_entities(builder, doc)
    resolve_pronouns(doc, builder)
    found = source_actors(builder, drafts)
    add_roles(doc, builder, rules)
    for d in drafts:
        k = found.get(id(d))
        d.source_actor = f"a{k + 1}" if k is not None else None
        d.source_type = source_type_of(doc, d, builder.actors[k] if k is not None else None)
    records = [{"id": f"a{k + 1}", "name": a.name, "type": a.type, "roles": list(a.roles)}
               for k, a in enumerate(builder.actors)]
    return records, [a.mentions for a in builder.actors]
