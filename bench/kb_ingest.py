"""Ingest throughput: `quellenlage ingest --jobs 1` vs `--jobs 2` on real news texts; articles/s, speed-up, peak memory.

Each run starts from an empty SQLite database and goes through the CLI exactly as a user would (model loading
included). Memory is the peak of the summed RSS of the whole process tree (main process + analysis workers),
sampled every 0.2 s with psutil.

Run: .venv/bin/python bench/kb_ingest.py [--limit 400] [--jobs 1 2]
(--limit 0 = the whole corpus, 1,876 articles: 10kGNAD test + Wikinews unlabelled + SpkAtt news train)
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_ingest(corpus: Path, db: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "quellenlage", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs),
           "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, tree_rss(ps))
        except psutil.Error:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    out = proc.stdout.read()
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        failed = c.execute("SELECT COUNT(*) FROM ingest_failures").fetchone()[0]
    return {"jobs": jobs, "seconds": wall, "stored": stored, "failed": failed, "peak_rss_mb": peak / 2**20,
            "exit": proc.returncode, "log_tail": out.strip().splitlines()[-1:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="articles (evenly spaced subset); 0 = all 1,876")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = write_corpus(corpus, args.limit or None)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        print(f"corpus: {len(paths)} articles, {words:,} words; machine: {psutil.cpu_count()} CPUs, "
              f"load average {psutil.getloadavg()[0]:.1f} before the runs")
        results = []
        for j in args.jobs:
            r = run_ingest(corpus, Path(tmp) / f"jobs{j}.sqlite", j)
            r["articles_per_s"] = r["stored"] / r["seconds"]
            results.append(r)
            print(f"--jobs {j}: {r['stored']} stored, {r['failed']} failed in {r['seconds']:.1f} s = "
                  f"{r['articles_per_s']:.2f} articles/s, {words / r['seconds']:.0f} words/s; "
                  f"peak RSS (process tree) {r['peak_rss_mb']:.0f} MiB; exit {r['exit']}")
        if len(results) >= 2:
            print(f"speed-up --jobs {results[-1]['jobs']} vs --jobs {results[0]['jobs']}: "
                  f"{results[-1]['articles_per_s'] / results[0]['articles_per_s']:.2f}x")
        print(json.dumps(results))


if __name__ == "__main__":
    main()
