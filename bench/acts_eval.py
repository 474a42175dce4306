"""Acts between actors (`relations`) on our hand-labelled gold set, through the product's CLI.

Runs `quellenlage analyze FOLDER --format jsonl --output FILE` once over the split's articles (rebuilt from
../shared in place, see bench/acts_data.py) and scores every gold file with the matching of the team lead's
`score_relations.py` (bench/acts_match.py). Prints for the split:

- relations P/R/F1 by the lead's formula, pooled over all gold relations and system relations of the split
  (R = mean of (1 + arguments + provenance) / 3 per gold relation; P = share of system relations on a gold or
  optional trigger), and the mean of the per-article F1 the lead's scorer prints;
- trigger+type P/R/F1: R = gold relations detected (trigger overlap, fitting type or lemma); P = system relations on
  a gold trigger with fitting type or lemma, among those not lying only on an optional trigger;
- argument accuracy and provenance accuracy over the detected gold relations (best candidate);
- per PLOVER type (the first gold type): gold count, system count, P and R with the type itself fitting.

Splits: dev (tune on it), test (scored rarely, never tuned on), en (English, PolNeAR train), kozak (the seed report).
`--errors` lists misses, partial matches and unexpected relations per article.

usage: python bench/acts_eval.py [--split dev|test|en|kozak] [--errors] [--python PYTHON] [--shared DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import acts_data  # noqa: E402
from acts_match import DocScore, score_document  # noqa: E402


def analyze_folder(python: str, texts: dict[str, str]) -> tuple[dict[str, dict], float]:
    """Write the texts as NAME.txt, run the CLI once over the folder; returns ({name: document}, seconds)."""
    tmp = Path(tempfile.mkdtemp(prefix="acts-eval-"))
    src = tmp / "in"
    src.mkdir()
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp / "out.jsonl"
    cmd = [python, "-m", "quellenlage", "analyze", str(src), "--format", "jsonl", "--output", str(out),
           "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=6000)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"quellenlage analyze failed ({proc.returncode}): {(proc.stderr or proc.stdout)[-800:]}")
    docs = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            path = (d.get("document") or {}).get("source_path") or ""
            docs[os.path.splitext(os.path.basename(path))[0]] = d
    return docs, seconds


def prf(tp: float, n_sys: float, r: float) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def per_type(scores: list[DocScore]) -> list[tuple[str, int, int, float, float]]:
    """(type, gold count, system count, P, R) with the type itself fitting (a lemma match does not count)."""
    gold_n, gold_hit, sys_n, sys_hit = Counter(), Counter(), Counter(), Counter()
    for s in scores:
        for r in s.results:
            t = r.gold["types"][0]
            gold_n[t] += 1
            gold_hit[t] += r.typed
        optional_only = {id(x) for x in s.optional_only}
        for rel in s.system:
            if id(rel) in optional_only:
                continue
            t = str(rel.get("type", "")).upper()
            sys_n[t] += 1
            sys_hit[t] += any(rel in r.on_trigger and t in r.gold["types"] for r in s.results)
    rows = []
    for t in [*acts_data.PLOVER_TYPES, *sorted(set(sys_n) - set(acts_data.PLOVER_TYPES))]:
        if gold_n[t] or sys_n[t]:
            rows.append((t, gold_n[t], sys_n[t], sys_hit[t] / sys_n[t] if sys_n[t] else 0.0,
                         gold_hit[t] / gold_n[t] if gold_n[t] else 0.0))
    return rows


def report(split: str, scores: list[DocScore], seconds: float, failed: list[str]) -> None:
    gold = [r for s in scores for r in s.results]
    n_sys = sum(len(s.system) for s in scores)
    n_opt = sum(len(s.optional_only) for s in scores)
    detected = [r for r in gold if r.detected]
    print(f"acts_eval split={split}: {len(scores)} articles, {len(gold)} gold relations, {n_sys} system relations"
          f" ({seconds:.1f} s for analyze{', %d failed: %s' % (len(failed), ', '.join(failed)) if failed else ''})")
    r = sum(g.score for g in gold) / len(gold) if gold else 0.0
    p, r, f = prf(sum(len(s.on_gold) for s in scores), n_sys, r)
    macro = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    print(f"relations (lead's formula, pooled): P={p:.3f} R={r:.3f} F1={f:.3f}   mean per-article F1={macro:.3f}")
    tp = sum(len(s.fitting) for s in scores)
    tp_, tr, tf = prf(tp, n_sys - n_opt, len(detected) / len(gold) if gold else 0.0)
    print(f"trigger+type: P={tp_:.3f} R={tr:.3f} F1={tf:.3f}   ({len(detected)}/{len(gold)} gold detected,"
          f" {tp}/{n_sys - n_opt} system relations fit a gold trigger; {n_opt} on optional triggers ignored)")
    args_ok = sum(1 for g in detected if g.subject_ok and g.object_ok)
    prov_ok = sum(1 for g in detected if g.provenance_ok)
    frac = (lambda k: f"{k / len(detected):.3f} ({k}/{len(detected)})") if detected else (lambda k: "n/a (0 detected)")
    print(f"argument accuracy: {frac(args_ok)}   provenance accuracy: {frac(prov_ok)}")
    print(f"{'type':10} {'gold':>5} {'system':>6} {'P':>6} {'R':>6}")
    for t, g, s_, tp_t, tr_t in per_type(scores):
        print(f"{t:10} {g:5d} {s_:6d} {tp_t:6.3f} {tr_t:6.3f}")


def list_errors(scores: list[DocScore], texts: dict[str, str]) -> None:
    for s in scores:
        lines = []
        for r in s.results:
            g = r.gold
            what = f"{g['id']} {g['trigger']!r} ({'/'.join(g['types'])})"
            if not r.detected:
                got = ", ".join(f"{x.get('type')}:{x.get('lemma')}" for x in r.on_trigger)
                lines.append(f"  missed     {what}" + (f" (on the trigger: {got})" if got else ""))
            elif r.score < 1.0:
                lines.append(f"  partial    {what}: subject ok={r.subject_ok} object ok={r.object_ok}"
                             f" provenance ok={r.provenance_ok}")
        for rel in s.spurious:
            trig = " ".join(x.get("text", "") for x in rel.get("trigger") or [] if isinstance(x, dict))
            lines.append(f"  unexpected {rel.get('type')} {trig!r}")
        if lines:
            print(f"{s.name}  F1={s.f1:.2f} (R={s.recall:.2f} P={s.precision:.2f})")
            print("\n".join(lines))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=acts_data.SPLITS)
    ap.add_argument("--errors", action="store_true", help="list misses, partial matches and unexpected relations")
    ap.add_argument("--python", default=sys.executable, help="interpreter of the environment with quellenlage")
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default ../shared)")
    a = ap.parse_args(argv)
    golds = {p.stem: acts_data.load_gold(p) for p in acts_data.gold_files(a.split)}
    if not golds:
        print(f"no gold files for split {a.split}", file=sys.stderr)
        return 2
    texts = {name: acts_data.article_text(g["article"], a.shared) for name, g in golds.items()}
    docs, seconds = analyze_folder(a.python, texts)
    scores, failed = [], []
    for name, gold in golds.items():
        doc = docs.get(name)
        if doc is None or doc.get("errors"):
            failed.append(name)
            doc = {}
        scores.append(score_document(name, texts[name], doc, gold))
    report(a.split, scores, seconds, failed)
    if a.errors:
        list_errors(scores, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
