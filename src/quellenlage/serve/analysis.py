"""Analysis for the server: a bounded pool of worker processes, a time limit per request, never the event loop.

A posted article is analysed in a worker process (pebble's `ProcessPool`, spawned fresh, each worker holding its
own pipeline) while the event loop goes on answering reads. An analysis past the time limit is stopped (its
worker is killed and replaced) and answered 503; when more requests wait than the pool takes, the next one is
answered 503 at once rather than queued without end. Workers die with the server (`quellenlage.workers`).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import threading

from quellenlage.errors import QuellenlageError
from quellenlage.extract import Extractor, get_extractor
from quellenlage.model import Analysis, Article
from quellenlage.settings import DEFAULTS, Settings


class AnalysisUnavailable(QuellenlageError):
    """The analysis could not be done now: the pool is full, the time limit passed, or a worker died."""


def analyze_in_worker(extractor: Extractor, article: Article) -> Analysis:
    """Worker side: one article through the extractor (the default one loads each language's pipeline once per
    worker process). Raises what the extractor raises, or DocumentFailed."""
    from quellenlage.extract import analyze_one

    return analyze_one(extractor, article)


def _init_worker(parent_pid: int) -> None:
    from quellenlage.workers import die_with_parent
    from quellenlage.kb.threads import limit_threads

    die_with_parent(parent_pid)
    limit_threads()  # one numeric thread per worker: the server's other threads need the other core


class AnalysisPool:
    """`await pool.analyze(article)`: the analysis from a worker process, or AnalysisUnavailable.

    `extractor` (quellenlage.extract) must be picklable: it runs in the workers. The pool starts on first use.
    """

    def __init__(self, extractor: Extractor | None = None, settings: Settings = DEFAULTS):
        self.extractor = extractor or get_extractor(settings=settings)
        self.workers = settings.analysis_workers
        self.timeout_s = settings.analysis_timeout_s
        self.max_inflight = settings.analysis_workers + settings.analysis_queue
        self._inflight = 0
        self._pool = None
        self._lock = threading.Lock()

    def _started(self):
        with self._lock:
            if self._pool is None:
                from pebble import ProcessPool

                self._pool = ProcessPool(max_workers=self.workers, initializer=_init_worker,
                                         initargs=(os.getpid(),), context=multiprocessing.get_context("spawn"))
            return self._pool

    async def analyze(self, article: Article) -> Analysis:
        """The analysis; raises AnalysisUnavailable (busy, too slow, worker died) or what the analyser raised."""
        from pebble import ProcessExpired

        if self._inflight >= self.max_inflight:
            raise AnalysisUnavailable(f"the server is busy with {self._inflight} analyses; try again shortly")
        self._inflight += 1
        future = None
        try:
            future = self._started().schedule(analyze_in_worker, args=(self.extractor, article),
                                             timeout=self.timeout_s)
            # the deadline counts the wait for a free worker too: a request never waits longer than the limit
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except (asyncio.TimeoutError, concurrent.futures.TimeoutError):
            raise AnalysisUnavailable(f"the analysis took longer than {self.timeout_s:g} s and was stopped; "
                                      f"send a shorter text") from None
        except ProcessExpired as e:
            raise AnalysisUnavailable(f"the analysis worker died ({e}); try again or send a shorter text") from None
        finally:
            self._inflight -= 1
            if future is not None and not future.done():
                future.cancel()  # a running analysis is stopped: pebble kills its worker and starts another

    def close(self) -> None:
        """Stop the workers (a running analysis is killed)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join(timeout=10)
