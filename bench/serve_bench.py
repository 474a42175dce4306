"""Throughput and latency of `quellenlage serve` on loopback: requests/s and p50/p95 from a bounded load loop.

Starts the real server (`python -m quellenlage serve`, the bundled pipeline) in a subprocess, warms it up, then
sends a fixed number of requests from a few client threads (keep-alive) and stops early at a time limit.

Scenarios:
  analyze  POST /api/analyze with a typical article (default: ../shared/examples/kozak-nyt-report.de.txt, read in
           place), the full pipeline per request;
  actor    GET /actors/{id} (the HTML actor page with its timeline) and GET /api/actors/{id} on a large knowledge
           base (--db; build one with the knowledge-base bench generator, see docs/kb.md), for the actor with
           the most documents.
  mixed    read latency (GET /actors/{id} page and GET /api/documents) without and with a concurrent analysis of
           a 48 KB article (the article repeated to --big-chars characters), posted again and again from one
           client: reads must stay fast while the analysis runs in the server's worker process. Without --db a
           small knowledge base is built first with `quellenlage ingest` of the article.

usage: .venv/bin/python bench/serve_bench.py [--scenario analyze|actor|mixed|all] [--db KB.sqlite] [--requests N]
                                             [--concurrency C] [--max-seconds S] [--big-chars N]
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "examples" / "kozak-nyt-report.de.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`quellenlage serve` in a subprocess on a free loopback port."""

    def __init__(self, db: str | None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "quellenlage", "serve", "--port", str(self.port)]
        if db:
            cmd += ["--db", db]
        env = {**os.environ, "QL_LOG": "warning"}
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.proc.stderr.read().decode()[-2000:])
            try:
                httpx.get(self.url + "/analyze", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start in 60 s")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def load(url: str | list[str], method: str, n: int, concurrency: int, max_seconds: float, **kw) -> dict:
    """Send up to `n` requests from `concurrency` threads; stop starting new ones after `max_seconds`.
    With a list of URLs, request i goes to urls[i % len(urls)]."""
    urls = [url] if isinstance(url, str) else url
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n))
    t_end = time.perf_counter() + max_seconds

    def worker():
        with httpx.Client(timeout=120) as c:
            while time.perf_counter() < t_end:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = c.request(method, urls[i % len(urls)], **kw)
                    ok = r.status_code == 200
                except httpx.HTTPError as e:
                    ok, r = False, e
                dt = time.perf_counter() - t0
                with lock:
                    (lat.append(dt) if ok else errors.append(str(getattr(r, "status_code", r))))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
    return {"requests": len(lat), "errors": len(errors), "seconds": wall, "rps": len(lat) / wall if wall else 0,
            "p50_ms": pick(0.50), "p95_ms": pick(0.95), "max_ms": lat[-1] * 1000 if lat else float("nan"),
            "mean_ms": statistics.mean(lat) * 1000 if lat else float("nan"), "error_sample": errors[:3]}


def report(name: str, r: dict, concurrency: int) -> None:
    print(f"{name:<34} c={concurrency}  {r['requests']:>5} ok  {r['errors']:>3} err  {r['seconds']:6.1f} s  "
          f"{r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms"
          + (f"  errors e.g. {r['error_sample']}" if r["errors"] else ""), flush=True)


def bench_analyze(args) -> None:
    text = Path(args.article).read_text(encoding="utf-8")
    print(f"article: {args.article} ({len(text):,} characters, {len(text.split()):,} words)")
    with Server(None) as srv:
        url = srv.url + "/api/analyze"
        for _ in range(3):  # warm-up: model load and first-call caches
            httpx.post(url, json={"text": text}, timeout=120).raise_for_status()
        for c in sorted({1, args.concurrency}):
            report("POST /api/analyze", load(url, "POST", args.requests, c, args.max_seconds, json={"text": text}),
                   c)


def actor_sample(db: str, k: int) -> tuple[list[dict], dict]:
    """k persons drawn (seeded) from the 500 with the most documents, and the one with the most."""
    from quellenlage.kb.store import KnowledgeBase

    with KnowledgeBase(db, encoder="lexical") as kb:
        top = kb.actors(limit=500, type="person")
    rnd = random.Random(0)
    return rnd.sample(top, min(k, len(top))), top[0]


def bench_actor(args) -> None:
    if not args.db or not Path(args.db).exists():
        sys.exit(f"--db {args.db!r}: no knowledge base; build one first: "
                 "bench/kb_query.py --docs 100000 --db PATH (see docs/api.md, 'Benchmarks')")
    t0 = time.perf_counter()
    sample, heaviest = actor_sample(args.db, 50)
    print(f"knowledge base {args.db}: {len(sample)} persons sampled from the 500 with most documents "
          f"({min(a['documents'] for a in sample):,}-{max(a['documents'] for a in sample):,} documents each; "
          f"chosen in {time.perf_counter() - t0:.1f} s); heaviest {heaviest['name']!r} "
          f"with {heaviest['documents']:,} documents")
    with Server(args.db) as srv:
        for label, paths in (("GET /actors/{id} (page)", [f"/actors/{a['id']}" for a in sample]),
                             ("GET /api/actors/{id}", [f"/api/actors/{a['id']}" for a in sample]),
                             ("GET /actors/{id} heaviest", [f"/actors/{heaviest['id']}"])):
            urls = [srv.url + p for p in paths]
            for u in urls[:3]:
                httpx.get(u, timeout=120).raise_for_status()
            for c in sorted({1, args.concurrency}):
                report(label, load(urls, "GET", args.requests * 5, c, args.max_seconds), c)


def big_article(path: str, chars: int) -> str:
    """The article repeated (paragraph by paragraph) to `chars` characters: prose of a long report."""
    text = Path(path).read_text(encoding="utf-8").strip()
    out = []
    while sum(len(p) + 2 for p in out) < chars:
        out.append(text)
    return "\n\n".join(out)[:chars]


def bench_mixed(args) -> None:
    import tempfile

    big = big_article(args.article, args.big_chars)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            db = str(Path(tmp) / "kb.sqlite")
            subprocess.run([sys.executable, "-m", "quellenlage", "ingest", args.article, "--db", db,
                            "--no-progress"], cwd=ROOT, check=True, capture_output=True)
        sample, heaviest = actor_sample(db, 10) if args.db else (None, None)
        with Server(db) as srv:
            if heaviest is None:
                top = httpx.get(srv.url + "/api/actors", params={"limit": 10}, timeout=60).json()["items"]
                sample = top
            urls = [srv.url + f"/actors/{a['id']}" for a in sample] + [srv.url + "/api/documents"]
            for u in urls:
                httpx.get(u, timeout=120).raise_for_status()
            t0 = time.perf_counter()
            first = httpx.post(srv.url + "/api/analyze", json={"text": big}, timeout=300)  # loads the pipeline
            print(f"analysis of {len(big):,} characters: first {time.perf_counter() - t0:.1f} s "
                  f"(status {first.status_code}, pipeline load included)", flush=True)
            report("reads alone", load(urls, "GET", args.requests * 5, 1, args.max_seconds), 1)
            stop = threading.Event()
            done: list[float] = []
            codes: list[int] = []

            def analyse_again_and_again():
                with httpx.Client(timeout=300) as c:
                    while not stop.is_set():
                        t = time.perf_counter()
                        r = c.post(srv.url + "/api/analyze", json={"text": big})
                        done.append(time.perf_counter() - t)
                        codes.append(r.status_code)

            bg = threading.Thread(target=analyse_again_and_again)
            bg.start()
            time.sleep(0.5)  # the analysis is under way
            report(f"reads during {len(big) // 1000} KB analyses", load(urls, "GET", args.requests * 5, 1,
                                                                        args.max_seconds), 1)
            stop.set()
            bg.join()
            print(f"concurrent analyses: {len(done)} done, statuses {sorted(set(codes))}, "
                  f"{statistics.mean(done):.1f} s each on average", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", choices=("analyze", "actor", "mixed", "all"), default="all")
    ap.add_argument("--db", help="knowledge base for the actor scenario (SQLite path or postgresql:// URL)")
    ap.add_argument("--article", default=str(ARTICLE))
    ap.add_argument("--requests", type=int, default=40, help="analyze requests per run (actor runs send 5x)")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--max-seconds", type=float, default=30, help="stop each run after this long")
    ap.add_argument("--big-chars", type=int, default=48_000, help="size of the concurrent analysis (mixed)")
    args = ap.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.scenario in ("analyze", "all"):
        bench_analyze(args)
    if args.scenario in ("actor", "all"):
        bench_actor(args)
    if args.scenario in ("mixed", "all"):
        bench_mixed(args)


if __name__ == "__main__":
    main()
