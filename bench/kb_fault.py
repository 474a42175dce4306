"""Fault test: kill -9 a real `quellenlage ingest` (real pipeline) mid-run, re-run it, and check the stored documents
are exactly the inputs: none lost, none duplicated.

Run: .venv/bin/python bench/kb_fault.py [--limit 60] [--kills 2] [--jobs 1]
"""
from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_corpus import write_corpus  # noqa: E402

from quellenlage.model import content_id  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as c:
            return c.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--kills", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "kb.sqlite"
        paths = write_corpus(corpus, args.limit)
        expected = {content_id(p.read_text(encoding="utf-8")) for p in paths}
        cmd = [sys.executable, "-m", "quellenlage", "ingest", str(corpus), "--db", str(db), "--no-progress",
               "--jobs", str(args.jobs)]
        for k in range(args.kills):
            before = count(db)
            target = before + max(3, (len(paths) - before) // (args.kills + 1))
            proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            while proc.poll() is None and count(db) < target:
                time.sleep(0.05)
            import os
            os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: main process and workers
            proc.wait()
            print(f"kill -9 #{k + 1}: {count(db) - before} documents committed in this run before the kill "
                  f"({count(db)} stored)")
        t = time.perf_counter()
        res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        print(f"re-run: exit {res.returncode} in {time.perf_counter() - t:.0f} s: {res.stderr.strip().splitlines()[-2:]}")
        with sqlite3.connect(db) as c:
            ids = [r[0] for r in c.execute("SELECT id FROM revisions")]
            n_docs = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            n_att_dupes = c.execute("SELECT COUNT(*) FROM (SELECT revision_id, local_id FROM attributions "
                                    "GROUP BY revision_id, local_id HAVING COUNT(*) > 1)").fetchone()[0]
            orphans = c.execute("SELECT COUNT(*) FROM attributions a LEFT JOIN revisions r ON r.id = a.revision_id "
                                "WHERE r.id IS NULL").fetchone()[0]
            fk = c.execute("PRAGMA foreign_key_check").fetchall()
        ok = set(ids) == expected and len(ids) == len(set(ids)) == n_docs
        print(f"inputs {len(expected)}, stored revisions {len(ids)} (distinct {len(set(ids))}), documents {n_docs}, "
              f"missing {len(expected - set(ids))}, unexpected {len(set(ids) - expected)}, duplicate attributions "
              f"{n_att_dupes}, orphan attributions {orphans}, foreign-key violations {len(fk)}")
        print("PASS: stored set == inputs, nothing duplicated or lost" if ok and not n_att_dupes and not orphans
              and not fk else "FAIL")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
