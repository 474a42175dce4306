"""Time and memory of one long document: the analysis must grow linearly with the text (inputs up to --max-bytes).

Cuts the 1,028 Der Standard articles in ../shared/data/news-text, joined by blank lines, to growing lengths and
analyses each cut as a single document, printing seconds per component and the peak memory so far.

usage: python bench/long_document.py [--sizes 100000 200000 400000 800000] [--shared ../shared/data]
"""
from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from speed import read_articles  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 800_000])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    a = ap.parse_args()
    from quellenlage.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    text = "\n\n".join(read_articles(Path(a.shared), None))
    for size in a.sizes:
        doc = nlp.make_doc(text[:size])
        seconds = {}
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            seconds[name] = time.perf_counter() - t0
        total = sum(seconds.values())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        slowest = ", ".join(f"{n} {s:.1f}" for n, s in sorted(seconds.items(), key=lambda x: -x[1])[:3])
        print(f"{size:>10,} characters {len(doc):>8,} tokens  {total:6.1f} s  "
              f"({len(doc) / total:,.0f} tokens/s; slowest: {slowest})  peak {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
