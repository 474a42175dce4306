"""One numeric thread per process: the setting `quellenlage ingest` runs with (no heavy imports here).

Measured with bench/kb_ingest.py on 2 cores: `--jobs 1` analysed 9.9 articles/s with one OpenBLAS/OpenMP
thread and 6.6 articles/s with the libraries' default pools (the thread pools fight over the cores), and
`--jobs N` must not start N x N threads. Values set by the user in the environment win.
"""
from __future__ import annotations

import os

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def limit_threads() -> None:
    """Set the defaults before numpy/spaCy load; variables already set are left alone."""
    for k, v in ONE_THREAD.items():
        os.environ.setdefault(k, v)
