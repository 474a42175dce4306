"""Speed of the pipeline on one core over real news: German, the 1,028 Der Standard articles in
../shared/data/news-text; English (`--language en`), the 924 PolNeAR train and dev articles (US political news).

Prints words/s of the full pipeline (and of the foundation part without attribution), the ratio to a bare
spaCy tokenizer pass of the language over the same texts measured in the same run, and the process's peak memory.
Threads are limited to one (OMP/BLAS) so the figure is per core.

usage: python bench/speed.py [--language de|en] [--limit N] [--shared ../shared/data] [--model DIR]
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
sys.path.insert(0, str(ROOT / "training"))

from prepare import read_10kgnad  # noqa: E402

WARM_UP = {"de": "Warm-up: Laut Berichten sei alles geladen.", "en": "Warm-up: officials said it was loaded."}

def read_articles(shared: Path, limit: int | None, language: str = "de") -> list[str]:
    if language == "en":
        folders = [shared / "english" / "polnear" / part / "text" for part in ("train", "dev")]
        return [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.txt"))][:limit]
    return read_10kgnad(shared)[:limit]


def timed(fn, texts):
    t0 = time.perf_counter()
    n = sum(len(doc) for doc in fn(texts))
    return n, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--model", default=None, help="a pipeline directory (default: the bundled one)")
    ap.add_argument("--language", choices=("de", "en"), default="de")
    a = ap.parse_args()
    texts = read_articles(Path(a.shared), a.limit, a.language)
    import spacy
    from quellenlage.lang import language_pack
    from quellenlage.nlp.pipeline import attribution_components, load_pipeline
    nlp = load_pipeline(a.model) if a.model else load_pipeline(str(language_pack(a.language).model_dir))
    bare = spacy.blank(a.language)
    words = sum(1 for t in texts for w in bare(t) if not w.is_space and not w.is_punct)
    print(f"{len(texts)} articles, {words:,} words")
    _, t_tok = timed(lambda ts: bare.pipe(ts), texts)
    nlp(WARM_UP[a.language])
    _, t_found = timed(lambda ts: nlp.pipe(ts, disable=attribution_components(nlp)), texts)
    _, t_full = timed(lambda ts: nlp.pipe(ts), texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bare tokenizer:                 {words / t_tok:10,.0f} words/s")
    print(f"foundation (no attribution):    {words / t_found:10,.0f} words/s  ({t_found / t_tok:.1f}x tokenizer time)")
    print(f"full pipeline with attribution: {words / t_full:10,.0f} words/s  ({t_full / t_tok:.1f}x tokenizer time)")
    print(f"peak memory (RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
