"""Ingest that never loses work: analyse in parallel (processes or a Dask cluster), write one document per transaction.

Analysis (the slow part: spaCy pipeline plus message embeddings) runs in workers; every database write happens
here, in the calling process, through `KnowledgeBase.add` — one transaction per document. A document whose text
is stored already is skipped before analysis, so a run killed with kill -9 resumes where it stopped.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from quellenlage.errors import IngestError
from quellenlage.extract import Extractor
from quellenlage.kb.store import KnowledgeBase
from quellenlage.kb.threads import ONE_THREAD
from quellenlage.kb.validate import analysis_problems, summary
from quellenlage.model import Analysis, Article, content_id
from quellenlage.settings import DEFAULTS
from quellenlage.workers import die_with_parent

# articles per worker task: enough for nlp.pipe to batch, small enough to keep workers busy
BATCH_SIZE = DEFAULTS.batch_size


@dataclass
class Prepared:
    """A worker's result for one article: the analysis and its message vectors, or an error."""
    source_path: str
    analysis: Analysis | None = None
    vectors: dict[str, bytes] | None = field(default_factory=dict)  # None: let the store embed
    error: str | None = None


@dataclass
class IngestReport:
    """What one ingest run did; `failures` lists (source_path, error)."""
    run_id: int
    stored: int = 0
    revised: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def counts(self) -> dict[str, int]:
        return {"stored": self.stored, "revised": self.revised, "unchanged": self.unchanged, "failed": self.failed}


def prepare_batch(articles: list[Article], extractor: Extractor | None = None, encoder: str = "auto") -> list[Prepared]:
    """Worker side: the extractor (default: the bundled language packs) and message embeddings for a batch; a
    failing article becomes an error, not a crash, and so does every article when the extractor cannot run."""
    from quellenlage.extract import get_extractor
    from quellenlage.kb.claims import get_encoder, message_text, to_blob
    from quellenlage.model import InputError

    try:
        results = list((extractor or get_extractor())(articles))
    except Exception as e:  # no model: every article of the batch fails with the same clear reason
        return [Prepared(a.source_path, error=f"analysis failed ({type(e).__name__}: {e})") for a in articles]
    out = [Prepared(art.source_path, error=res.error) if isinstance(res, InputError) else Prepared(art.source_path, res)
           for art, res in zip(articles, results)]
    # one encoder call for every message of the batch: the encoder is several times faster on a list
    todo = [(p, a) for p in out if p.analysis for a in p.analysis.attributions if message_text(a)]
    try:
        vecs = get_encoder(encoder).encode([message_text(a) for _, a in todo]) if todo else []
        for (p, a), v in zip(todo, vecs):
            p.vectors[a.id] = to_blob(v)
    except Exception as e:  # embedding failure: the whole batch is reported, nothing half-stored
        return [Prepared(p.source_path, error=p.error or f"embedding failed ({type(e).__name__}: {e})")
                for p in out]
    return out


def _batches(items: list[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# Each worker process is one core's worth of work: numeric libraries must not start their own thread pools
# (N workers x N BLAS threads on N cores made --jobs 2 slower than --jobs 1).
WORKER_ENV = ONE_THREAD


@contextlib.contextmanager
def _worker_env():
    old = {k: os.environ.get(k) for k in WORKER_ENV}
    os.environ.update(WORKER_ENV)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _failed(batch: list[Article], e: BaseException) -> list[Prepared]:
    """A worker that died or raised: every article of its batch is a recorded failure, the run goes on."""
    return [Prepared(a.source_path, error=f"worker failed ({type(e).__name__}: {e})") for a in batch]


def _run_local(batches: list[list[Article]], fn: Callable, jobs: int) -> Iterator[list[Prepared]]:
    if jobs <= 1:
        for b in batches:
            try:
                yield fn(b)
            except Exception as e:
                yield _failed(b, e)
        return
    # spawn, not fork: fresh interpreters that read WORKER_ENV before numpy loads, and no inherited DB handles
    # workers die with this process (kill -9 included): they must not outlive it holding a pipeline each
    with _worker_env(), ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=die_with_parent, initargs=(os.getpid(),)) as ex:
        pending: dict = {}

        def collect(futures) -> Iterator[list[Prepared]]:
            for f in futures:
                b = pending.pop(f)
                try:
                    yield f.result()
                except Exception as e:  # includes BrokenProcessPool when a worker is killed
                    yield _failed(b, e)

        for b in batches:  # keep at most 2 tasks per worker in flight so results are written as they come
            try:
                pending[ex.submit(fn, b)] = b
            except Exception as e:  # the pool is broken: this batch fails now, the next run retries it
                yield _failed(b, e)
                continue
            if len(pending) >= 2 * jobs:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                yield from collect(done)
        yield from collect(list(pending))


def _run_dask(batches: list[list[Article]], fn: Callable, address: str) -> Iterator[list[Prepared]]:
    from distributed import Client, as_completed

    with Client(address) as client:
        futures = client.map(fn, batches, pure=False)
        batch_of = {f.key: b for f, b in zip(futures, batches)}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as e:
                yield _failed(batch_of[fut.key], e)
            fut.release()


def _analysis_records(path: str, max_bytes: int) -> list[dict] | None:
    """The records of a .json/.jsonl file if it holds quellenlage/1 analyses (output of `analyze`), else None."""
    import json

    from quellenlage.ingest.decode import decode_bytes
    from quellenlage.ingest.reader import read_bytes
    from quellenlage.model import SCHEMA_ID

    text, _ = decode_bytes(read_bytes(path, max_bytes), path)
    head = text.lstrip()[:4000]
    if f'"schema": "{SCHEMA_ID}"' not in head and f'"schema":"{SCHEMA_ID}"' not in head:
        return None
    if path.lower().endswith((".jsonl", ".ndjson")):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    return data if isinstance(data, list) else [data]


def iter_inputs(paths: Iterable[str],
                max_bytes: int = DEFAULTS.max_bytes) -> Iterator[Article | Analysis | IngestError]:
    """Like `iter_articles`, but JSON/JSONL files of quellenlage/1 analyses are taken as analysed (not re-run)."""
    from quellenlage.ingest.reader import iter_file_articles, iter_paths

    for path in iter_paths(paths):
        if path != "-" and path.lower().endswith((".json", ".jsonl", ".ndjson")):
            try:
                records = _analysis_records(path, max_bytes * 20)
            except (IngestError, OSError, ValueError, RecursionError):
                records = None  # not an analysis file: the article reader reports what is wrong with it
            if records is not None:
                for i, rec in enumerate(records):
                    where = f"{path}[{i}]"
                    problems = analysis_problems(rec)  # imported analyses are not trusted: checked first
                    if problems:
                        yield IngestError(where, f"not a usable quellenlage/1 analysis: {summary(problems)}")
                        continue
                    try:
                        a = Analysis.from_dict(rec)
                        a.document.id = content_id(a.text)  # identity is the text's hash, whatever the file says
                        a.document.source_path = a.document.source_path or where
                        yield a
                    except Exception as e:
                        yield IngestError(where, f"not a usable quellenlage/1 analysis ({type(e).__name__}: {e})")
                continue
        yield from iter_file_articles(path, max_bytes)


def ingest(items: Iterable[Article | Analysis | IngestError], kb: KnowledgeBase, *, jobs: int = 1, dask: str | None = None,
           inputs: list[str] | None = None, progress: bool = True, console: Console | None = None,
           extractor: Extractor | None = None, batch_size: int = BATCH_SIZE) -> IngestReport:
    """Ingest articles into `kb`; failures are recorded in `ingest_failures` and returned, the batch goes on.

    `extractor` (quellenlage.extract; default: the bundled language packs) analyses the articles in the workers,
    so it must pickle (a module-level function or class instance)."""
    t0 = time.perf_counter()
    console = console or Console(stderr=True)
    report = IngestReport(run_id=kb.start_run(inputs or []))
    stored = kb.stored_revision_ids()
    todo: list[Article] = []
    analysed: list[Analysis] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, IngestError):
            report.failures.append((item.source, item.reason))
            kb.record_failure(report.run_id, item.source, item.reason)
            continue
        cid = content_id(item.text)
        if cid in stored or cid in seen:  # same text already stored (or twice in this input): nothing to do
            report.unchanged += 1
            continue
        seen.add(cid)
        (analysed if isinstance(item, Analysis) else todo).append(item)
    batches = list(_batches(todo, batch_size))
    # analyses read from JSON need no pipeline: stored first, their message vectors computed by `kb.add`
    ready = [[Prepared(a.document.source_path or a.document.id, a, None)] for a in analysed]
    analyze = functools.partial(prepare_batch, extractor=extractor)
    results = itertools.chain(ready, _run_dask(batches, analyze, dask) if dask else
                              _run_local(batches, analyze, jobs))
    bar = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TimeRemainingColumn(), console=console, transient=True, disable=not progress)
    with bar:
        task = bar.add_task("ingest", total=len(todo) + len(analysed))
        for batch in results:
            for p in batch:
                if p.error or p.analysis is None:
                    report.failures.append((p.source_path, p.error or "no analysis"))
                    kb.record_failure(report.run_id, p.source_path, p.error or "no analysis")
                else:
                    try:
                        res = kb.add(p.analysis, p.vectors)
                        setattr(report, res.status, getattr(report, res.status) + 1)
                    except Exception as e:  # a write that fails is rolled back and recorded; the rest goes on
                        msg = f"storing failed ({type(e).__name__}: {e})"
                        report.failures.append((p.source_path, msg))
                        kb.record_failure(report.run_id, p.source_path, msg)
                bar.advance(task)
    report.seconds = time.perf_counter() - t0
    kb.finish_run(report.run_id, report.counts())
    return report
