"""Ingest throughput: `quellenlage ingest --jobs 1` vs `--jobs 2` on real news texts; articles/s, speed-up, peak memory.

Every process gets one numeric thread (OMP/OpenBLAS/MKL = 1), so `--jobs N` uses N cores and the speed-up
measures process parallelism; `--threaded-baseline` adds a `--jobs 1` run with the libraries' default thread
pools for reference. CPU seconds (user + system, the CLI and its workers, from getrusage) are reported too: other processes on a
shared machine distort wall-clock time but hardly the CPU an article costs. Each run starts from an empty SQLite database and goes through the CLI exactly as a user would (model loading
included). Memory is the peak of the summed RSS of the whole process tree (main process + analysis workers),
sampled every 0.2 s with psutil.

Run: .venv/bin/python bench/kb_ingest.py [--limit 400] [--jobs 1 2]
(--limit 0 = the whole corpus, 1,876 articles: 10kGNAD test + Wikinews unlabelled + SpkAtt news train)
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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


from quellenlage.kb.threads import ONE_THREAD  # noqa: E402


def run_ingest(corpus: Path, db: Path, jobs: int, one_thread: bool) -> dict:
    cmd = [sys.executable, "-m", "quellenlage", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs),
           "--no-progress"]
    cores = str(os.cpu_count() or 2)  # the libraries' default: one thread per core
    env = {**os.environ, **(ONE_THREAD if one_thread else {k: cores for k in ONE_THREAD})}
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, tree_rss(ps))
        except psutil.Error:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its (joined) workers
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    out = proc.stdout.read()
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        failed = c.execute("SELECT COUNT(*) FROM ingest_failures").fetchone()[0]
    return {"jobs": jobs, "one_thread": one_thread, "seconds": wall, "cpu_seconds": cpu, "stored": stored, "failed": failed, "peak_rss_mb": peak / 2**20,
            "exit": proc.returncode, "log_tail": out.strip().splitlines()[-1:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="articles (evenly spaced subset); 0 = all 1,876")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--threaded-baseline", action="store_true",
                    help="also run --jobs 1 with the numeric libraries' own thread pools (the default when a user "
                         "runs --jobs 1); the main comparison gives every process one thread, i.e. jobs = cores")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = write_corpus(corpus, args.limit or None)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        print(f"corpus: {len(paths)} articles, {words:,} words; machine: {psutil.cpu_count()} CPUs, "
              f"load average {psutil.getloadavg()[0]:.1f} before the runs")
        results = []
        runs = [(j, True) for j in args.jobs] + ([(1, False)] if args.threaded_baseline else [])
        for j, one in runs:
            r = run_ingest(corpus, Path(tmp) / f"jobs{j}-{one}.sqlite", j, one)
            r["articles_per_s"] = r["stored"] / r["seconds"]
            results.append(r)
            print(f"--jobs {j} ({'one thread per process' if one else 'default BLAS threads'}): {r['stored']} stored, {r['failed']} failed in {r['seconds']:.1f} s = "
                  f"{r['articles_per_s']:.2f} articles/s, {words / r['seconds']:.0f} words/s; "
                  f"peak RSS (process tree) {r['peak_rss_mb']:.0f} MiB; CPU {r['cpu_seconds']:.0f} s = "
                  f"{1000 * r['cpu_seconds'] / max(r['stored'], 1):.0f} ms per article; load average now "
                  f"{psutil.getloadavg()[0]:.1f}; exit {r['exit']}")
        if len(args.jobs) >= 2:
            a, b = results[0], results[len(args.jobs) - 1]
            print(f"speed-up --jobs {b['jobs']} vs --jobs {a['jobs']} (one thread per process): "
                  f"{b['articles_per_s'] / a['articles_per_s']:.2f}x wall-clock")
            eff = (a["cpu_seconds"] / a["stored"]) / (b["cpu_seconds"] / b["stored"])
            print(f"CPU per article --jobs {a['jobs']} / --jobs {b['jobs']}: {eff:.2f}; on {b['jobs']} otherwise idle "
                  f"cores that bounds the speed-up at {b['jobs'] * eff:.2f}x (other processes on the machine "
                  f"lower the wall-clock figure, not this one)")
        if args.threaded_baseline and len(args.jobs) >= 2:
            print(f"speed-up --jobs {results[len(args.jobs) - 1]['jobs']} vs threaded --jobs 1: "
                  f"{results[len(args.jobs) - 1]['articles_per_s'] / results[-1]['articles_per_s']:.2f}x")
        print(json.dumps(results))


if __name__ == "__main__":
    main()
