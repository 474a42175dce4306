"""Query latency on a large knowledge base: p50/p95 of `actor NAME` and `claims --about NAME` on SQLite.

1. A few real articles (bench/kb_corpus.py) are analysed with the real pipeline.
2. They are replicated to N documents (default 100,000): every person actor gets a synthetic name
   (first name x surname pools, Zipf-distributed so some people appear in thousands of documents), its
   mentions in the text are replaced (full name, surname, genitive surname) and every offset is remapped;
   dates (2015-2025) and outlets (60) vary. Organisations and outlets keep their real names.
3. The copies are written straight into the store's tables in large transactions (the per-document
   `KnowledgeBase.add` path with name matching and claim grouping would take hours for 100,000 documents on
   two shared cores); actor ids follow the synthetic names, every three copies of an attribution form one claim.
   Not stored in the bulk load: the per-attribution message vectors and the full analysis JSON (the queries
   measured read neither).
4. `KnowledgeBase.actor(name)` and `KnowledgeBase.claims(about=name)` are timed (in-process, warm) for
   `--queries` names drawn uniformly from the synthetic people.

Run: .venv/bin/python bench/kb_query.py [--docs 100000] [--base 30] [--queries 200] [--db PATH]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_corpus import iter_corpus  # noqa: E402

from quellenlage.kb import claims as cl  # noqa: E402
from quellenlage.kb import names as nm  # noqa: E402
from quellenlage.kb.schema import (actor_mentions, actor_names, actors, attribution_about, attributions,  # noqa: E402
                                   claim_actors, documents, revisions)
from quellenlage.kb.schema import claims as claims_t  # noqa: E402
from quellenlage.kb.store import KnowledgeBase  # noqa: E402
from quellenlage.model import Analysis, content_id  # noqa: E402

FIRST = ("Anna Peter Maria Thomas Sabine Michael Julia Andreas Katharina Stefan Monika Jürgen Claudia Frank Petra "
         "Markus Susanne Tobias Heike Florian Olga Dmitri Irina Sergej Natalja Wladimir Jelena Alexej Ewa Jan").split()
SURNAMES_BASE = ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf "
                 "Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Lehmann "
                 "Köhler Maier Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Vogel Keller Günther Frank "
                 "Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus "
                 "Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber "
                 "Graf Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff "
                 "Pfeiffer Iwanow Petrow Smirnow Kusnezow Popow Sokolow Lebedew Kosak Morosow Nowikow").split()
OUTLETS = [f"Zeitung {c}{d}" for c in "ABCDEFGHIJKL" for d in "12345"]


def surname_pool(n: int) -> list[str]:
    """Distinct surnames: the common ones, then compounds (Müller-Weber) until there are n."""
    out = list(dict.fromkeys(SURNAMES_BASE))
    i = 0
    while len(out) < n:
        a, b = SURNAMES_BASE[i % len(SURNAMES_BASE)], SURNAMES_BASE[(i * 7 + 3) % len(SURNAMES_BASE)]
        if a != b and f"{a}-{b}" not in out:
            out.append(f"{a}-{b}")
        i += 1
    return out[:n]


def analyse_base(n: int) -> list[Analysis]:
    """The first n articles of the corpus with at least one person actor, through the real pipeline."""
    from quellenlage.analyze import analyze_text
    from quellenlage.nlp.pipeline import load_pipeline
    nlp = load_pipeline()
    out = []
    for name, text in iter_corpus():
        if len(out) >= n:
            break
        a = analyze_text(text, nlp=nlp, source_path=name)
        if any(x.type == "person" for x in a.actors) and a.attributions:
            out.append(a)
    return out


def remap(pos: int, edits: list[tuple[int, int, int]]) -> int:
    """New offset of an old offset, given (start, end, delta) edits sorted by start."""
    shift = 0
    for s, e, d in edits:
        if pos >= e:
            shift += d
        elif pos > s:
            return s + shift  # inside a replaced name: snap to its start
    return pos + shift


def replicate(base: Analysis, names: dict[str, tuple[str, str]], k: int, when: str, outlet: str) -> Analysis:
    """A copy of `base` with person names replaced (offsets remapped), a new date and outlet."""
    text = base.text
    reps = []
    for actor in base.actors:
        if actor.type != "person" or actor.id not in names:
            continue
        first, last = names[actor.id]
        full_toks = {nm.degenitive(t) or t for t in nm.tokens(actor.name)} | set(nm.tokens(actor.name))
        for m in actor.mentions:
            toks = nm.tokens(m.text)
            if not any(t in full_toks or (nm.degenitive(t) or t) in full_toks for t in toks):
                continue  # a pronoun or description: keep it
            new = f"{first} {last}" if len(toks) > 1 else last
            if m.text.endswith("s") and not actor.name.endswith("s"):
                new += "s"
            reps.append((m.start, m.end, new))
    reps.sort()
    clean, last_end = [], -1
    for s, e, new in reps:
        if s >= last_end:
            clean.append((s, e, new))
            last_end = e
    parts, pos = [], 0
    edits = []
    for s, e, new in clean:
        parts += [text[pos:s], new]
        edits.append((s, e, len(new) - (e - s)))
        pos = e
    new_text = "".join(parts) + text[pos:] + f"\n[{k}]"
    d = base.to_dict()

    def fix(span: dict) -> dict:
        s, e = remap(span["start"], edits), remap(span["end"], edits)
        return {**span, "start": s, "end": e, "text": new_text[s:e]}

    d["text"] = new_text
    d["sentences"] = [fix(x) for x in d["sentences"]]
    d["entities"] = [fix(x) for x in d["entities"]]
    for a in d["actors"]:
        if a["id"] in names:
            a["name"] = " ".join(names[a["id"]])
        a["mentions"] = [fix(m) for m in a["mentions"]]
    for att in d["attributions"]:
        for key in ("cue", "source", "message", "addressee", "frame"):
            att[key] = [fix(x) for x in att.get(key, [])]
    d["relations"] = []
    d["document"] = {**d["document"], "id": content_id(new_text), "source_path": f"synthetic/{k:06d}.txt",
                     "date": when, "outlet": outlet}
    return Analysis.from_dict(d)


def bulk_load(kb: KnowledgeBase, bases: list[Analysis], n_docs: int, n_people: int, seed: int = 0) -> list[str]:
    """Write n_docs synthetic copies straight into the tables; returns the synthetic people's full names."""
    rnd = random.Random(seed)
    surnames = surname_pool(max(n_people // len(FIRST) + 1, 50))
    people = [(FIRST[i % len(FIRST)], surnames[i // len(FIRST)]) for i in range(n_people)]
    cum, acc = [], 0.0
    for r in range(n_people):  # Zipf-like: a few people in thousands of documents
        acc += 1.0 / (r + 10)
        cum.append(acc)
    now = "2025-01-01T00:00:00+00:00"
    actor_id: dict[tuple[str, str], int] = {}
    next_actor = [1]
    with kb.engine.begin() as conn:
        for b in bases:  # organisations, outlets, places keep their real names: one actor each
            for a in b.actors:
                if a.type != "person" and (a.name, a.type) not in actor_id:
                    actor_id[(a.name, a.type)] = next_actor[0]
                    next_actor[0] += 1
        for i, (f, s) in enumerate(people):
            actor_id[(f"{f} {s}", "person")] = next_actor[0]
            next_actor[0] += 1
        conn.execute(actors.insert(), [{"id": i, "name": n, "type": t, "created_at": now}
                                       for (n, t), i in actor_id.items()])
        name_rows = []
        for (n, t), i in actor_id.items():
            name_rows.append({"actor_id": i, "name": n, "norm": nm.ascii_norm(n), "key": nm.keys_for(n, t)[0]
                              if nm.keys_for(n, t) else "", "count": 1})
            if t == "person":
                sur = n.split(" ", 1)[1]
                for form in (sur, sur + "s"):
                    name_rows.append({"actor_id": i, "name": form, "norm": nm.ascii_norm(form),
                                      "key": nm.keys_for(form, t)[0], "count": 1})
        conn.execute(actor_names.insert(), name_rows)
    start = date(2015, 1, 1)
    claim_ids: dict[tuple, int] = {}
    next_att, next_claim = 1, 1
    t0 = time.perf_counter()
    chunk = 2000
    for c0 in range(0, n_docs, chunk):
        rows = {t: [] for t in ("documents", "revisions", "actor_mentions", "attributions", "about", "claims",
                                "claim_actors")}
        for k in range(c0, min(c0 + chunk, n_docs)):
            bi = k % len(bases)
            base = bases[bi]
            picks = {}
            for a in base.actors:
                if a.type == "person":
                    picks[a.id] = rnd.choices(people, cum_weights=cum)[0]
            when = (start + timedelta(days=rnd.randrange(3650))).isoformat()
            outlet = rnd.choice(OUTLETS)
            an = replicate(base, picks, k, when, outlet)
            rid = an.document.id
            doc_id = k + 1
            rows["documents"].append({"id": doc_id, "key": an.document.source_path, "first_seen": now})
            rows["revisions"].append({"id": rid, "document_id": doc_id, "number": 1, "is_current": True,
                                      "title": None, "date": when, "outlet": outlet, "url": None,
                                      "source_path": an.document.source_path, "language": "de", "text": an.text,
                                      "pipeline": json.dumps(an.pipeline), "analysis": None, "ingested_at": now})
            local = {}
            for a in an.actors:
                local[a.id] = actor_id[(a.name, a.type)]
                rows["actor_mentions"].append({
                    "revision_id": rid, "local_id": a.id, "actor_id": local[a.id], "name": a.name, "type": a.type,
                    "roles": json.dumps(a.roles, ensure_ascii=False),
                    "mentions": json.dumps([m.__dict__ for m in a.mentions], ensure_ascii=False)})
            for j, att in enumerate(an.attributions):
                msg = cl.message_text(att)
                aid = next_att
                next_att += 1
                ckey = (bi, j, k // (3 * len(bases)))  # three copies of one attribution report one claim
                cid = claim_ids.get(ckey) if msg else None
                if msg and cid is None:
                    cid = claim_ids[ckey] = next_claim
                    next_claim += 1
                    rows["claims"].append({"id": cid, "summary": msg[:240], "status": "corroborated",
                                           "origins": json.dumps([outlet]), "created_at": now, "updated_at": when})
                src = local.get(att.source_actor) if att.source_actor else None
                rows["attributions"].append({
                    "id": aid, "revision_id": rid, "local_id": att.id, "form": att.form, "medium": att.medium,
                    "epistemic": att.epistemic, "source_type": att.source_type,
                    "cue": " … ".join(s.text for s in att.cue), "source": " … ".join(s.text for s in att.source),
                    "message": msg, "addressee": "", "spans": "{}", "source_actor_id": src,
                    "parent_id": None, "continues_id": None, "chain": "[]", "origin_name": outlet,
                    "origin_actor_id": None, "is_derived": False, "claim_id": cid, "vector": None})
                about = set()
                for a in an.actors:
                    if any(s.start <= m.start and m.end <= s.end for m in a.mentions for s in att.message):
                        about.add(local[a.id])
                rows["about"] += [{"attribution_id": aid, "actor_id": x} for x in about]
                if cid:
                    for x, role in [(src, "source")] + [(x, "about") for x in about]:
                        if x:
                            rows["claim_actors"].append({"claim_id": cid, "actor_id": x, "role": role})
        with kb.engine.begin() as conn:
            conn.execute(documents.insert(), rows["documents"])
            conn.execute(revisions.insert(), rows["revisions"])
            conn.execute(actor_mentions.insert(), rows["actor_mentions"])
            if rows["claims"]:
                conn.execute(claims_t.insert(), rows["claims"])
            conn.execute(attributions.insert(), rows["attributions"])
            if rows["about"]:
                conn.execute(attribution_about.insert(), rows["about"])
            ca = list({(r["claim_id"], r["actor_id"], r["role"]): r for r in rows["claim_actors"]}.values())
            if ca:
                conn.execute(claim_actors.insert().prefix_with("OR IGNORE"), ca)
        done = min(c0 + chunk, n_docs)
        if done == n_docs:
            from sqlalchemy import text

            from quellenlage.kb.schema import RECOUNT_SQL
            with kb.engine.begin() as conn:  # the count the store maintains per write, filled once here
                conn.execute(text(RECOUNT_SQL))
        if done % 20000 == 0 or done == n_docs:
            print(f"  loaded {done:,} documents ({time.perf_counter() - t0:.0f} s)", flush=True)
    return [f"{f} {s}" for f, s in people]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=30, help="real articles analysed and replicated")
    ap.add_argument("--people", type=int, default=5000, help="synthetic people")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db", help="SQLite file to build (default: a temporary file, deleted afterwards)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "big.sqlite")
    t0 = time.perf_counter()
    bases = analyse_base(args.base)
    print(f"analysed {len(bases)} real base articles ({sum(len(b.attributions) for b in bases)} attributions, "
          f"{sum(len(b.actors) for b in bases)} actors) in {time.perf_counter() - t0:.0f} s")
    kb = KnowledgeBase(db, encoder="lexical")
    if kb.stats()["documents"] == 0:
        people = bulk_load(kb, bases, args.docs, args.people)
    else:
        from sqlalchemy import select
        with kb.engine.connect() as c:
            people = list(c.execute(select(actors.c.name).where(actors.c.type == "person")).scalars())
        print("re-using the existing database")
    s = kb.stats()
    size = Path(db).stat().st_size / 2**20
    print(f"knowledge base: {s['documents']:,} documents, {s['attributions']:,} attributions, {s['claims']:,} claims, "
          f"{s['actors']:,} actors; {size:,.0f} MiB on disk")
    kb.close()
    kb = KnowledgeBase(db, encoder="lexical")  # fresh connection pool; the OS page cache stays warm
    rnd = random.Random(1)
    sample = [rnd.choice(people) for _ in range(args.queries)]
    kb.actor(sample[0])  # first query opens the connection
    for label, fn in (("actor NAME", lambda n: kb.actor(n)), ("claims --about NAME", lambda n: kb.claims(about=n))):
        times, sizes = [], []
        for name in sample:
            t = time.perf_counter()
            res = fn(name)
            times.append((time.perf_counter() - t) * 1000)
            sizes.append(len(res["said"]) + len(res["about"]) if isinstance(res, dict) else len(res))
        print(f"{label:>20}: p50 {percentile(times, 50):6.1f} ms  p95 {percentile(times, 95):6.1f} ms  "
              f"max {max(times):6.1f} ms  (mean results {statistics.mean(sizes):.1f}, {len(times)} queries)")
    for label, fn in (("actors (top 100)", lambda: kb.actors()), ("stats", kb.stats), ("sources", kb.sources)):
        t = time.perf_counter()
        fn()
        print(f"{label:>20}: {(time.perf_counter() - t) * 1000:6.1f} ms (once)")
    heavy = people[0]
    t = time.perf_counter()
    res = kb.actor(heavy)
    ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    kb.claims(about=heavy)
    print(f"most frequent synthetic person {heavy!r}: {res['documents']:,} documents, actor() {ms:.1f} ms, "
          f"claims(about=) {(time.perf_counter() - t) * 1000:.1f} ms")
    kb.close()


if __name__ == "__main__":
    main()
