"""A stand-in for the pipeline in runner tests: the document as read, without NLP (no model output to depend on)."""
from __future__ import annotations

import os
import time

from quellenlage.kb.ingest import Prepared
from quellenlage.model import Analysis


def analyze_plain(articles):
    """Analysis with text and metadata only; FAIL-ANALYSIS fails like a pipeline crash, CRASH-WORKER kills the process."""
    delay = float(os.environ.get("QL_TEST_DELAY", "0"))
    out = []
    for a in articles:
        time.sleep(delay)
        if "CRASH-WORKER" in a.text:
            os._exit(3)  # the worker process dies, as on an out-of-memory kill
        if "FAIL-ANALYSIS" in a.text:
            out.append(Prepared(a.source_path, error="analysis failed (RuntimeError: test)"))
        else:
            out.append(Prepared(a.source_path, Analysis(document=a.meta(), text=a.text), {}))
    return out
