"""Actor merging: pairwise precision and recall of the knowledge base's actor resolution on a labelled variant set.

Each name variant below is stored as the one actor of its own small document, through `KnowledgeBase.add`
(the real resolution path: blocking, rigour comparison, first-name rule, surname-only ambiguity). The resulting
actor clusters are compared with the gold clusters over all pairs of variants. Order matters (a surname-only
mention seen before anyone with that surname starts its own actor), so the set is ingested in several random
orders and the figures are averaged.

The set: transliterations (German/English/Cyrillic), German genitive forms, first-name spelling variants,
outlet names and acronyms; hard negatives: same surname with different first names (Anna/Peter/Petra Müller,
Andreas/Andrea Schmidt), similar surnames of different people (Scholz/Schulz, Merkel/Merz), similar outlets.

With `--pairs FILE` (bench/data/name_pairs.tsv, labelled from real texts; see bench/data/README.md) every pair is
scored on its own: a fresh knowledge base stores name a in one document, then name b in another (both with the
pair's type), and the pair counts as merged when both end up as one actor; both orders are run, so each pair
gives two decisions. Precision and recall of "merged" against the label are printed per type, with the errors;
the figure of the name comparison alone (`names.compare`, no blocking or first-name rule) is printed beside it.
The set above stays as a regression check (run without --pairs).

Run: .venv/bin/python bench/kb_merge.py [--orders 5]
     .venv/bin/python bench/kb_merge.py --pairs bench/data/name_pairs.tsv [--errors 40]
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "kb"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import storygold  # noqa: E402
from builders import make_analysis  # noqa: E402

from quellenlage.kb.store import KnowledgeBase  # noqa: E402

# gold cluster -> (type, variants)
GOLD = {
    "Dmitry Kozak": ("person", ["Dmitry Kozak", "Dmitri Kosak", "Dmitrij Kosak", "Dmitri Kozak", "Kozak", "Kosak",
                                "Kozaks", "Kosaks", "Дмитрий Козак"]),
    "Sergey Kiriyenko": ("person", ["Sergey Kiriyenko", "Sergej Kirijenko", "Sergei Kirienko", "Kirijenko",
                                    "Kiriyenko", "Kirijenkos", "Сергей Кириенко"]),
    "Vladimir Putin": ("person", ["Wladimir Putin", "Vladimir Putin", "Putin", "Putins", "Wladimir Putins",
                                  "Владимир Путин"]),
    "Alexei Navalny": ("person", ["Alexej Nawalny", "Alexei Navalny", "Aleksei Navalny", "Nawalny", "Nawalnys",
                                  "Алексей Навальный"]),
    "Volodymyr Zelensky": ("person", ["Wolodymyr Selenskyj", "Volodymyr Zelensky", "Volodymyr Zelenskyy",
                                      "Selenskyj", "Selenskyjs", "Володимир Зеленський"]),
    "Mikhail Mishustin": ("person", ["Michail Mischustin", "Mikhail Mishustin", "Mischustin"]),
    "Sergey Lavrov": ("person", ["Sergej Lawrow", "Sergey Lavrov", "Lawrow", "Lawrows", "Сергей Лавров"]),
    "Dmitry Peskov": ("person", ["Dmitri Peskow", "Dmitry Peskov", "Peskow", "Peskows"]),
    "Yevgeny Prigozhin": ("person", ["Jewgeni Prigoschin", "Yevgeny Prigozhin", "Prigoschin", "Prigoschins"]),
    "Maria Zakharova": ("person", ["Maria Sacharowa", "Maria Zakharova", "Sacharowa"]),
    "Olaf Scholz": ("person", ["Olaf Scholz", "Scholz"]),
    "Martin Schulz": ("person", ["Martin Schulz"]),
    "Angela Merkel": ("person", ["Angela Merkel", "Merkel", "Merkels", "Ангела Меркель"]),
    "Friedrich Merz": ("person", ["Friedrich Merz"]),
    "Anna Müller": ("person", ["Anna Müller", "Anna Mueller"]),
    "Peter Müller": ("person", ["Peter Müller"]),
    "Petra Müller": ("person", ["Petra Müller"]),
    "Andreas Schmidt": ("person", ["Andreas Schmidt"]),
    "Andrea Schmidt": ("person", ["Andrea Schmidt"]),
    "Jan Böhmermann": ("person", ["Jan Böhmermann", "Böhmermann"]),
    "The New York Times": ("outlet", ["The New York Times", "New York Times", "NYT"]),
    "New York Post": ("outlet", ["New York Post", "The New York Post"]),
    "Der Spiegel": ("outlet", ["Der Spiegel", "Spiegel", "SPIEGEL"]),
    "Reuters": ("outlet", ["Reuters", "Nachrichtenagentur Reuters"]),
    "Deutsche Presse-Agentur": ("outlet", ["Deutsche Presse-Agentur", "dpa"]),
    "The Washington Post": ("outlet", ["The Washington Post", "Washington Post"]),
    "Kreml": ("organisation", ["Kreml", "Kremls", "Kremlin"]),
}


def run_order(variants: list[tuple[str, str, str]], db: str) -> dict[str, int]:
    """Ingest the variants in this order; returns variant -> KB actor id."""
    kb = KnowledgeBase(db, encoder="lexical")
    assigned = {}
    for i, (gold, type_, name) in enumerate(variants):
        text = f"{name} äußerte sich am Montag nicht zu den Berichten (Meldung {i})."
        a = make_analysis(text, source_path=f"merge/{i}.txt", actors=[("x1", name, type_, [name])])
        res = kb.add(a)
        assigned[name] = _actor_of(kb, res.revision_id)
    kb.close()
    return assigned


def _actor_of(kb: KnowledgeBase, revision_id: str) -> int:
    from sqlalchemy import select

    from quellenlage.kb.schema import actor_mentions
    with kb.engine.connect() as c:
        return c.execute(select(actor_mentions.c.actor_id).where(actor_mentions.c.revision_id == revision_id)).scalar()


def pair_scores(variants, assigned) -> tuple[int, int, int, list, list]:
    tp = fp = fn = 0
    false_merges, missed = [], []
    for (g1, _, n1), (g2, _, n2) in itertools.combinations(variants, 2):
        same_gold, same_pred = g1 == g2, assigned[n1] == assigned[n2]
        if same_gold and same_pred:
            tp += 1
        elif same_pred:
            fp += 1
            false_merges.append((n1, n2))
        elif same_gold:
            fn += 1
            missed.append((n1, n2))
    return tp, fp, fn, false_merges, missed


def merged_in_kb(first: str, second: str, type_: str, db: str) -> bool:
    """Store `first`, then `second`, each as the one actor of its own document; are they one actor?"""
    kb = KnowledgeBase(db, encoder="lexical")
    ids = []
    for i, name in enumerate((first, second)):
        text = f"{name} äußerte sich am Montag nicht zu den Berichten (Meldung {i})."
        res = kb.add(make_analysis(text, source_path=f"pair/{i}.txt", actors=[("x1", name, type_, [name])]))
        ids.append(_actor_of(kb, res.revision_id))
    kb.close()
    return ids[0] == ids[1]


def score(decisions: list[tuple[dict, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for r, m in decisions if m and r["same"] == 1)
    fp = sum(1 for r, m in decisions if m and r["same"] == 0)
    fn = sum(1 for r, m in decisions if not m and r["same"] == 1)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def run_pairs(path: Path, n_errors: int) -> None:
    """Precision/recall of the KB's merge decision (both orders) and of names.compare on labelled pairs."""
    import time

    from quellenlage.kb.names import compare
    problems = storygold.check_pairs(path)
    if problems:
        raise SystemExit(f"{path}: malformed ({problems[0]}; {len(problems)} problems)")
    rows = storygold.load_pairs(path)
    t0 = time.perf_counter()
    kb_dec, cmp_dec = [], []
    for r in rows:
        for x, y in ((r["a"], r["b"]), (r["b"], r["a"])):
            # an in-memory SQLite database per decision: one connection per thread, so it lives as long as the engine
            kb_dec.append((r, merged_in_kb(x, y, r["type"], "sqlite://")))
            cmp_dec.append((r, compare(x, y, r["type"]).match))
    seconds = time.perf_counter() - t0
    n_same = sum(r["same"] for r in rows)
    print(f"labelled pairs: {len(rows)} ({n_same} same, {len(rows) - n_same} different) from {path}; "
          f"2 orders each = {len(kb_dec)} decisions")
    for title, dec in (("knowledge base (KnowledgeBase.add: blocking, rigour, first-name rule, surname-only rule)",
                        kb_dec), ("names.compare alone", cmp_dec)):
        p, r, tp, fp, fn = score(dec)
        print(f"{title}: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f} "
              f"(tp {tp}, fp {fp}, fn {fn})")
        for t in storygold.PAIR_TYPES:
            sub = [d for d in dec if d[0]["type"] == t]
            if sub:
                p, r, tp, fp, fn = score(sub)
                print(f"  {t:12} {len(sub) // 2:4} pairs: precision {p:.3f} recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    errors = {}
    for r, m in kb_dec:
        if m != bool(r["same"]):
            key = (r["a"], r["b"], r["type"], r["same"])
            errors[key] = errors.get(key, 0) + 1
    fms = [k for k in errors if k[3] == 0]
    mis = [k for k in errors if k[3] == 1]
    print(f"false merges ({len(fms)} pairs; orders in brackets): " + "; ".join(
        f"{a} ~ {b} [{errors[(a, b, t, s)]}]" for a, b, t, s in fms[:n_errors]) + (" …" if len(fms) > n_errors else ""))
    print(f"missed merges ({len(mis)} pairs): " + "; ".join(
        f"{a} ~ {b} [{errors[(a, b, t, s)]}]" for a, b, t, s in mis[:n_errors]) + (" …" if len(mis) > n_errors else ""))
    print(f"time: {seconds:.1f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=5, help="random ingest orders to average over")
    ap.add_argument("--pairs", type=Path, help="score labelled name pairs from this TSV instead of the variant set")
    ap.add_argument("--errors", type=int, default=40, help="how many errors of each kind to list (--pairs)")
    args = ap.parse_args()
    if args.pairs:
        run_pairs(args.pairs, args.errors)
        return
    variants = [(g, t, n) for g, (t, names) in GOLD.items() for n in names]
    n_pos = sum(len(v[1]) * (len(v[1]) - 1) // 2 for v in GOLD.values())
    print(f"labelled set: {len(variants)} name variants of {len(GOLD)} actors; {n_pos} same-actor pairs, "
          f"{len(variants) * (len(variants) - 1) // 2 - n_pos} different-actor pairs")
    totals = [0, 0, 0]
    fm_all, miss_all = {}, {}
    for seed in range(args.orders):
        order = variants[:]
        random.Random(seed).shuffle(order)
        with tempfile.TemporaryDirectory() as tmp:
            assigned = run_order(order, str(Path(tmp) / "m.sqlite"))
        tp, fp, fn, fms, missed = pair_scores(variants, assigned)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"order {seed}: pairwise precision {p:.3f} recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
        for i, v in enumerate((tp, fp, fn)):
            totals[i] += v
        for x in fms:
            fm_all[x] = fm_all.get(x, 0) + 1
        for x in missed:
            miss_all[x] = miss_all.get(x, 0) + 1
    tp, fp, fn = totals
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"ALL {args.orders} orders: pairwise precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / max(p + r, 1e-9):.3f}")
    print("false merges (pair: orders):", ", ".join(f"{a}~{b}: {k}" for (a, b), k in sorted(fm_all.items())) or "none")
    print("missed pairs (pair: orders):", ", ".join(f"{a}~{b}: {k}" for (a, b), k in sorted(miss_all.items())) or "none")


if __name__ == "__main__":
    main()
