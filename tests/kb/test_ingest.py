"""Ingest runner: idempotent re-ingest, revisions, recorded failures, --jobs, Dask, kill -9 resume, real pipeline."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_analysis import analyze_plain
from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.ingest.reader import iter_articles
from quellenlage.kb.ingest import ingest
from quellenlage.kb.store import KnowledgeBase
from quellenlage.model import content_id

from conftest import REPO, SHARED

SENTENCES = [
    "Die Stadtwerke erhöhen zum Januar die Preise für Fernwärme, teilte ein Sprecher mit.",
    "Der Gemeinderat vertagte die Entscheidung über das neue Hallenbad auf den Herbst.",
    "Nach Angaben der Polizei wurde bei dem Unfall auf der B 27 niemand verletzt.",
    "Die Bürgermeisterin sagte, die Sanierung der Schule sei im Zeitplan.",
    "Laut dem Landesamt für Statistik stieg die Zahl der Einwohner leicht an.",
]


def write_corpus(folder: Path, n: int = 5) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"bericht-{i:03d}.txt"
        p.write_text(f"{SENTENCES[i % len(SENTENCES)]} (Meldung {i})\n", encoding="utf-8")
        paths.append(p)
    return paths


def stored_ids(kb: KnowledgeBase) -> list[str]:
    return sorted(d["revision_id"] for d in kb.documents(limit=10**6))


def test_ingest_is_idempotent_and_records_failures(kb, tmp_path):
    paths = write_corpus(tmp_path / "in")
    (tmp_path / "in" / "leer.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "kaputt.txt").write_text("FAIL-ANALYSIS in diesem Text.", encoding="utf-8")
    rep = ingest(iter_articles([str(tmp_path / "in")]), kb, extractor=analyze_plain, progress=False)
    assert (rep.stored, rep.unchanged, rep.failed) == (5, 0, 2)
    failed = {Path(f["source_path"]).name: f["error"] for f in kb.failures(rep.run_id)}
    assert set(failed) == {"leer.txt", "kaputt.txt"}
    assert "RuntimeError" in failed["kaputt.txt"]
    assert stored_ids(kb) == sorted(content_id(p.read_text(encoding="utf-8")) for p in paths)
    again = ingest(iter_articles([str(tmp_path / "in")]), kb, extractor=analyze_plain, progress=False)
    assert (again.stored, again.unchanged, again.failed) == (0, 5, 2)
    paths[0].write_text("Die Stadtwerke senken die Preise doch nicht.\n", encoding="utf-8")
    third = ingest(iter_articles([str(tmp_path / "in")]), kb, extractor=analyze_plain, progress=False)
    assert (third.stored, third.revised, third.unchanged) == (0, 1, 4)
    assert kb.stats()["documents"] == 5 and kb.stats()["revisions"] == 6


def test_jobs_2_stores_the_same_documents(tmp_path):
    paths = write_corpus(tmp_path / "in", 12)
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))
    rep = ingest(iter_articles([str(tmp_path / "in")]), kb, jobs=2, extractor=analyze_plain, progress=False,
                 batch_size=2)
    assert rep.stored == 12
    assert stored_ids(kb) == sorted(content_id(p.read_text(encoding="utf-8")) for p in paths)


def test_a_dying_worker_fails_its_documents_not_the_run(tmp_path):
    write_corpus(tmp_path / "in", 8)
    crash = tmp_path / "in" / "bericht-003.txt"
    crash.write_text("CRASH-WORKER " + crash.read_text(encoding="utf-8"), encoding="utf-8")
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))
    rep = ingest(iter_articles([str(tmp_path / "in")]), kb, jobs=2, extractor=analyze_plain, progress=False,
                 batch_size=1)
    assert rep.stored + rep.failed == 8 and rep.failed >= 1
    assert any(p.endswith("bericht-003.txt") and "worker failed" in e for p, e in rep.failures)
    assert len(kb.failures(rep.run_id)) == rep.failed
    crash.write_text("Nichts stürzt mehr ab.", encoding="utf-8")
    again = ingest(iter_articles([str(tmp_path / "in")]), kb, jobs=2, extractor=analyze_plain, progress=False)
    assert (again.failed, again.stored + again.unchanged) == (0, 8)
    assert kb.stats()["documents"] == 8


def test_dask_local_cluster(tmp_path):
    import cloudpickle
    import fake_analysis
    from distributed import LocalCluster

    cloudpickle.register_pickle_by_value(fake_analysis)  # the workers cannot import the tests folder
    paths = write_corpus(tmp_path / "in", 6)
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        rep = ingest(iter_articles([str(tmp_path / "in")]), kb, dask=cluster.scheduler_address,
                     extractor=analyze_plain, progress=False, batch_size=2)
    assert rep.stored == 6
    assert stored_ids(kb) == sorted(content_id(p.read_text(encoding="utf-8")) for p in paths)


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from fake_analysis import analyze_plain
from quellenlage.ingest.reader import iter_articles
from quellenlage.kb.ingest import ingest
from quellenlage.kb.store import KnowledgeBase
ingest(iter_articles([{src!r}]), KnowledgeBase({db!r}), extractor=analyze_plain, progress=False, batch_size=1)
"""


def test_kill_9_during_ingest_loses_nothing_committed(tmp_path):
    paths = write_corpus(tmp_path / "in", 30)
    db = str(tmp_path / "kb.sqlite")
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), src=str(tmp_path / "in"), db=db)
    env = {**os.environ, "QL_TEST_DELAY": "0.1"}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.time() + 60
    n = 0
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db) as c:
                n = c.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        except sqlite3.Error:
            continue
        if n >= 5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 5 <= n < 30, "the kill must land mid-run"
    kb = KnowledgeBase(db)
    partial = stored_ids(kb)
    assert len(partial) == len(set(partial)) < 30
    rep = ingest(iter_articles([str(tmp_path / "in")]), kb, extractor=analyze_plain, progress=False)
    assert rep.unchanged == len(partial) and rep.stored == 30 - len(partial)
    assert stored_ids(kb) == sorted(content_id(p.read_text(encoding="utf-8")) for p in paths)


@pytest.mark.skipif(not (REPO / "src/quellenlage/lang/de/model/config.cfg").exists(),
                    reason="the trained pipeline is not installed")
def test_cli_ingest_with_the_real_pipeline(tmp_path):
    db = str(tmp_path / "kb.sqlite")
    example = SHARED / "examples" / "kozak-nyt-report.de.txt"
    bundled = REPO / "src/quellenlage/examples/beispiel-artikel.de.txt"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(example), str(bundled), str(tmp_path / "missing.txt"), "--db", db,
                              "--no-progress"])
    assert res.exit_code == 1, res.output  # the missing file is a failure, reported; the rest is stored
    assert "missing.txt" in res.output
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--format", "json"]).output)
    assert (stats["documents"], stats["failures"]) == (2, 1)
    res = runner.invoke(app, ["ingest", str(example), str(bundled), "--db", db, "--no-progress"])
    assert res.exit_code == 0 and "unchanged 2" in res.output
    actors = json.loads(runner.invoke(app, ["actors", "--db", db, "--format", "json"]).output)
    assert actors and all(set(a) == {"id", "name", "type", "names", "documents"} for a in actors)
    claims = json.loads(runner.invoke(app, ["claims", "--db", db, "--format", "json"]).output)
    for c in claims:
        assert set(c) == {"id", "summary", "status", "origins", "reports"}
        assert c["status"] in ("single-source", "corroborated", "contested")
        for r in c["reports"]:
            assert r["source_path"] in (str(example), str(bundled))
            text = (example if r["source_path"] == str(example) else bundled).read_text(encoding="utf-8")
            assert r["text"].split(" … ")[0] in text  # report text is a span of the stored document
    csv_out = runner.invoke(app, ["claims", "--db", db, "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("claim_id,summary,status,origins,document_id")


STORY = Path(__file__).parent / "stories" / "kozak-2022.jsonl"


@pytest.mark.skipif(not (REPO / "src/quellenlage/lang/de/model/config.cfg").exists(),
                    reason="the trained pipeline is not installed")
def test_story_from_four_outlets_through_the_real_pipeline(tmp_path):
    """Invariants that hold whatever the model finds: provenance, statuses consistent with origins, revisions."""
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))
    rep = ingest(iter_articles([str(STORY)]), kb, progress=False)
    assert (rep.stored, rep.failed) == (4, 0)
    records = [json.loads(line) for line in STORY.read_text(encoding="utf-8").splitlines()]
    by_outlet = {r["outlet"]: r for r in records}
    assert {d["outlet"] for d in kb.documents()} == set(by_outlet)
    claims = kb.claims(limit=1000)
    assert claims, "the pipeline finds attributions in these reports"
    for c in claims:
        origins = set(c["origins"])
        for r in c["reports"]:
            assert r["text"].split(" … ")[0] in by_outlet[r["outlet"]]["text"]
            if r["derived"]:
                assert r["origin"] != r["outlet"]
            else:
                assert r["origin"] == r["outlet"]
        if c["status"] == "corroborated":
            assert len(origins) >= 2
        elif c["status"] == "single-source":
            assert len(origins) <= 1 and all(r["epistemic"] != "denied" for r in c["reports"])
    # the same story again: nothing changes; a corrected article (same URL) becomes revision 2
    assert ingest(iter_articles([str(STORY)]), kb, progress=False).unchanged == 4
    fixed = dict(records[3], text=records[3]["text"].replace("am Dienstag", "am Dienstagabend"))
    (tmp_path / "fix.json").write_text(json.dumps(fixed, ensure_ascii=False), encoding="utf-8")
    rep = ingest(iter_articles([str(tmp_path / "fix.json")]), kb, progress=False)
    assert rep.revised == 1
    doc = next(d for d in kb.documents() if d["outlet"] == "TASS")
    assert doc["revision"] == 2 and kb.stats()["documents"] == 4


def test_analysis_json_is_stored_without_rerunning_the_pipeline(tmp_path):
    from builders import make_analysis
    from test_store import FAZ, spiegel

    from quellenlage.kb.ingest import iter_inputs
    a = spiegel()
    b = make_analysis(FAZ, source_path="faz/kozak.txt", outlet="FAZ")
    f = tmp_path / "analysed.jsonl"
    f.write_text("".join(json.dumps(x.to_dict(), ensure_ascii=False) + "\n" for x in (a, b)), encoding="utf-8")
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"schema": "quellenlage/1", "text": "ohne Dokument"}), encoding="utf-8")
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))

    def no_pipeline(batch):
        raise AssertionError("the pipeline must not run on analysed input")

    rep = ingest(iter_inputs([str(f), str(bad)]), kb, extractor=no_pipeline, progress=False)
    assert (rep.stored, rep.failed) == (2, 1)
    assert "broken.json" in rep.failures[0][0]
    assert {d["outlet"] for d in kb.documents()} == {"Der Spiegel", "FAZ"}
    (claim,) = kb.claims(about="Kosak")
    assert len(claim["reports"]) == 2  # message vectors were computed on the way in
    assert ingest(iter_inputs([str(f)]), kb, extractor=no_pipeline, progress=False).unchanged == 2
