"""Ingest as a careless or hostile user runs it: killed with kill -9, fed analyses it must not trust."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from builders import make_analysis
from test_store import FAZ, spiegel

from quellenlage.kb.store import KnowledgeBase

from conftest import REPO

SENTENCE = "Die Bürgermeisterin sagte, die Sanierung der Schule sei im Zeitplan. (Meldung {i})\n"


def _alive(pids: list[int]) -> list[int]:
    """The pids that still run (a zombie waiting to be reaped has stopped running)."""
    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def test_kill_9_of_ingest_with_two_jobs_leaves_no_process_behind(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"meldung-{i:03d}.txt").write_text(SENTENCE.format(i=i), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "quellenlage", "ingest", str(folder), "--jobs", "2",
                             "--db", str(tmp_path / "kb.sqlite"), "--no-progress"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.time() + 120
        children: list[psutil.Process] = []
        while time.time() < deadline and proc.poll() is None:
            children = parent.children(recursive=True)
            # two workers plus multiprocessing's resource tracker
            if sum("multiprocessing" in " ".join(c.cmdline()) for c in children) >= 3:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "ingest ended before its workers could be seen"
        pids = [c.pid for c in children]
        assert len(pids) >= 3, [c.cmdline() for c in children]
        time.sleep(1.0)  # the workers are at work (importing, loading the pipeline)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.time() + 10
        while _alive(pids) and time.time() < deadline:
            time.sleep(0.2)
        assert _alive(pids) == [], [psutil.Process(p).cmdline() for p in _alive(pids)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _good() -> dict:
    return spiegel().to_dict()


def _broken(kind: str) -> dict:
    d = _good()
    att, actor = d["attributions"][0], d["actors"][0]
    n = len(d["text"])
    if kind == "beyond":
        att["message"][0]["end"] = n + 40
    elif kind == "negative":
        att["cue"][0]["start"] = -3
    elif kind == "reversed":
        s = att["source"][0]
        s["start"], s["end"] = s["end"], s["start"]
    elif kind == "wrong-text":
        att["message"][0]["text"] = "etwas ganz anderes als im Text steht"
    elif kind == "mention-beyond":
        actor["mentions"][0]["start"], actor["mentions"][0]["end"] = n + 1, n + 9
    elif kind == "dangling-actor":
        att["source_actor"] = "niemand"
    elif kind == "dangling-parent":
        att["parent"] = "a99"
    elif kind == "dangling-continues":
        att["continues"] = "a77"
    elif kind == "not-a-list":
        d["attributions"] = {"a1": att}
    return d


BROKEN = ["beyond", "negative", "reversed", "wrong-text", "mention-beyond", "dangling-actor", "dangling-parent",
          "dangling-continues", "not-a-list"]


def test_validate_analysis_names_each_problem():
    from quellenlage.kb.validate import analysis_problems

    assert analysis_problems(_good()) == []
    for kind in BROKEN:
        problems = analysis_problems(_broken(kind))
        assert problems, kind
        assert all(isinstance(p, str) and p for p in problems)


def test_ingest_of_untrusted_analyses_stores_only_the_valid_ones(tmp_path):
    """Each bad record: one error line naming the file and record; the valid ones are stored; exit status 1."""
    good_b = make_analysis(FAZ, source_path="faz/kozak.txt", outlet="FAZ").to_dict()
    records = [_good()] + [_broken(k) for k in BROKEN] + [good_b]
    # every broken copy carries its own text, so none is skipped as "already stored"
    for i, r in enumerate(records[1:-1], 1):
        r["text"] = r["text"] + " " * i
    f = tmp_path / "untrusted.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    r = subprocess.run([sys.executable, "-m", "quellenlage", "ingest", str(f), "--db", str(db), "--no-progress"],
                       cwd=REPO, capture_output=True, timeout=600)
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("failed:")]
    assert len(failed) == len(BROKEN), err
    for i in range(1, len(BROKEN) + 1):
        assert any(f"untrusted.jsonl[{i}]" in line for line in failed), (i, err)
    with KnowledgeBase(str(db), create=False) as kb:
        assert {d["outlet"] for d in kb.documents()} == {"Der Spiegel", "FAZ"}
        assert kb.stats()["failures"] == len(BROKEN)


@pytest.mark.parametrize("kind", ["beyond", "dangling-parent"])
def test_python_api_ingest_refuses_an_untrusted_analysis(tmp_path, kind):
    from quellenlage.kb.ingest import ingest, iter_inputs

    f = tmp_path / "one.json"
    f.write_text(json.dumps(_broken(kind), ensure_ascii=False), encoding="utf-8")
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"), encoder="lexical")
    rep = ingest(iter_inputs([str(f)]), kb, progress=False)
    assert (rep.stored, rep.failed) == (0, 1) and "one.json" in rep.failures[0][0]
    assert kb.stats()["documents"] == 0
