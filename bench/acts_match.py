"""Score a document's `relations` (quellenlage/1) against one gold file of acts between actors.

The matching is the team lead's `score_relations.py`, rewritten here so that the benchmark can add a breakdown:

- a gold relation is **detected** when a system relation's trigger overlaps the gold trigger and its `type` is one
  of the gold `types` or its `lemma` one of the gold `lemmas`;
- its **arguments** are right when subject and object name the right actor: a gold snippet found within 400
  characters of the trigger overlaps the system span or a mention of the system actor, or the snippet (longer than
  3 characters) is part of the actor's name; a `null` gold argument is not checked (`subject_optional` is checked
  only when the system gives a subject);
- its **provenance** is right when the gold `source` is `null` and the system relation has no attribution, or when
  an attribution up the chain (`continues`, then `parent`) has a source span or source actor on the gold `source`
  (or `source_alt`) snippet;
- per gold relation the score is (1 + arguments + provenance) / 3 for the best candidate, 0 when missed;
  R = mean score; P = share of system relations whose trigger lies on a gold or optional trigger.

`tests/unit/test_acts_gold.py` checks that this module and `score_relations.py` give the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NEAR = 400  # characters between a gold argument snippet and the trigger (score_relations.py)


def spans(x) -> list[tuple[int, int]]:
    """A role value ({start,end}, a list of them, or [start, end] pairs) as a list of (start, end)."""
    if not x:
        return []
    if isinstance(x, dict):
        x = [x]
    out = []
    for s in x:
        if isinstance(s, dict) and "start" in s:
            out.append((int(s["start"]), int(s["end"])))
        elif isinstance(s, (list, tuple)) and len(s) == 2:
            out.append((int(s[0]), int(s[1])))
    return out


def find_all(text: str, s: str) -> list[tuple[int, int]]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append((i, i + len(s)))
        i = text.find(s, i + 1)
    return out


def locate(text: str, trigger: str, context: str | None = None) -> tuple[int, int] | None:
    """The gold trigger's first occurrence at or after the start of its context."""
    if context:
        c = text.find(context)
        i = text.find(trigger, c) if c >= 0 else -1
    else:
        i = text.find(trigger)
    return None if i < 0 else (i, i + len(trigger))


def overlaps(span_list, loc) -> bool:
    return loc is not None and any(a < loc[1] and loc[0] < b for a, b in span_list)


@dataclass
class GoldResult:
    """How one gold relation fared: `score` is (1 + arguments + provenance) / 3 of its best candidate."""
    gold: dict
    loc: tuple[int, int] | None
    detected: bool = False
    typed: bool = False  # a candidate on the trigger has one of the gold types (lemma alone does not count)
    score: float = 0.0
    subject_ok: bool | None = None
    object_ok: bool | None = None
    provenance_ok: bool | None = None
    on_trigger: list = field(default_factory=list)  # system relations whose trigger overlaps the gold trigger


@dataclass
class DocScore:
    name: str
    results: list[GoldResult]
    system: list[dict]
    on_gold: list[dict]  # system relations on a gold or optional trigger (the lead's precision)
    fitting: list[dict]  # system relations on a gold trigger whose type or lemma fits that gold relation
    optional_only: list[dict]  # on an optional trigger and on no gold trigger
    spurious: list[dict]

    @property
    def recall(self) -> float:
        return sum(r.score for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def precision(self) -> float:
        return len(self.on_gold) / len(self.system) if self.system else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class _Doc:
    """Index of one system document: its actors, attributions and relations."""

    def __init__(self, text: str, doc: dict):
        self.text = text
        self.relations = list(doc.get("relations") or [])
        self.actors = {a.get("id"): a for a in doc.get("actors") or []}
        self.atts = {a.get("id"): a for a in doc.get("attributions") or []}

    def actor_spans(self, aid) -> list[tuple[int, int]]:
        a = self.actors.get(aid) or {}
        return [(m["start"], m["end"]) if isinstance(m, dict) else tuple(m) for m in a.get("mentions") or []]

    def names_ok(self, span_list, actor_id, snippets, near: int) -> bool:
        if snippets is None:
            return True
        name = str((self.actors.get(actor_id) or {}).get("name") or "")
        for s in snippets:
            locs = [loc for loc in find_all(self.text, s) if abs(loc[0] - near) < NEAR]
            if any(overlaps(span_list, loc) or overlaps(self.actor_spans(actor_id), loc) for loc in locs):
                return True
            if len(s) > 3 and s in name:
                return True
        return False

    def provenance_ok(self, rel: dict, gold: dict) -> bool:
        aid = rel.get("attribution")
        if gold["source"] is None:
            return aid in (None, "")
        seen = set()
        while aid and aid not in seen:
            seen.add(aid)
            att = self.atts.get(aid) or {}
            src = spans(att.get("source"))
            for s in filter(None, [gold["source"], gold.get("source_alt")]):
                for loc in find_all(self.text, s):
                    if overlaps(src, loc) or overlaps(self.actor_spans(att.get("source_actor")), loc):
                        return True
            actor_name = str((self.actors.get(att.get("source_actor")) or {}).get("name"))
            if gold.get("source_alt") and gold["source_alt"] in actor_name:
                return True
            aid = att.get("continues") or att.get("parent")
        return False


def fits(rel: dict, gold: dict) -> bool:
    """The system relation's type is one of the gold types, or its lemma one of the gold lemmas."""
    return str(rel.get("type", "")).upper() in gold["types"] or str(rel.get("lemma", "")) in gold["lemmas"]


def _score_one(d: _Doc, gold: dict, loc) -> GoldResult:
    res = GoldResult(gold=gold, loc=loc)
    res.on_trigger = [r for r in d.relations if overlaps(spans(r.get("trigger")), loc)]
    cands = [r for r in res.on_trigger if fits(r, gold)]
    res.typed = any(str(r.get("type", "")).upper() in gold["types"] for r in res.on_trigger)
    if not cands:
        return res
    res.detected = True
    best = 0.0
    for r in cands:
        subj = d.names_ok(spans(r.get("subject")), r.get("subject_actor"), gold["subject"], loc[0])
        if gold["subject"] is None and gold.get("subject_optional") and (r.get("subject") or r.get("subject_actor")):
            subj = d.names_ok(spans(r.get("subject")), r.get("subject_actor"), gold["subject_optional"], loc[0])
        obj = d.names_ok(spans(r.get("object")), r.get("object_actor"), gold["object"], loc[0])
        prov = d.provenance_ok(r, gold)
        sc = (1.0 + (1.0 if subj and obj else 0.0) + (1.0 if prov else 0.0)) / 3
        if sc > best:
            best = sc
            res.subject_ok, res.object_ok, res.provenance_ok = subj, obj, prov
    res.score = best
    return res


def score_document(name: str, text: str, doc: dict, gold: dict) -> DocScore:
    """Score one analysed document (`relations`, `actors`, `attributions`) against its gold file."""
    d = _Doc(text, doc)
    locs = [locate(text, g["trigger"], g.get("context")) for g in gold["relations"]]
    results = [_score_one(d, g, loc) for g, loc in zip(gold["relations"], locs)]
    opt = [locate(text, o["trigger"], o.get("context")) for o in gold.get("optional", [])]
    on_gold, fitting, optional_only, spurious = [], [], [], []
    for r in d.relations:
        trig = spans(r.get("trigger"))
        gold_hits = [g for g, loc in zip(gold["relations"], locs) if overlaps(trig, loc)]
        on_opt = any(overlaps(trig, loc) for loc in opt)
        if gold_hits or on_opt:
            on_gold.append(r)
        else:
            spurious.append(r)
        if any(fits(r, g) for g in gold_hits):
            fitting.append(r)
        elif on_opt and not gold_hits:
            optional_only.append(r)
    return DocScore(name, results, d.relations, on_gold, fitting, optional_only, spurious)
