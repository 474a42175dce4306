"""A stand-in extractor for runner tests: the document as read, without NLP (no model output to depend on)."""
from __future__ import annotations

import os
import time

from quellenlage.model import Analysis, InputError


def analyze_plain(articles):
    """An extractor (quellenlage.extract): Analysis with text and metadata only; FAIL-ANALYSIS fails like a
    pipeline crash on that document, CRASH-WORKER kills the process."""
    delay = float(os.environ.get("QL_TEST_DELAY", "0"))
    for a in articles:
        time.sleep(delay)
        if "CRASH-WORKER" in a.text:
            os._exit(3)  # the worker process dies, as on an out-of-memory kill
        if "FAIL-ANALYSIS" in a.text:
            yield InputError(a.source_path, "analysis failed (RuntimeError: test)")
        else:
            yield Analysis(document=a.meta(), text=a.text)
