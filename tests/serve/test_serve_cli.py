"""`quellenlage serve` as a user starts it: a real process on loopback, its settings from flags and environment."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from quellenlage.model import Analysis, DocumentMeta, content_id

from .serve_helpers import ROOT, free_port


def _serve(args: list[str], env: dict, cwd) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quellenlage", "serve", "--port", str(port), *args],
                            cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            httpx.get(url + "/api/documents", timeout=2)
            return proc, url
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode())
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


def test_serve_reads_the_database_named_in_quellenlage_db(tmp_path):
    from quellenlage.kb.store import KnowledgeBase

    db = tmp_path / "elsewhere.sqlite"
    text = "Laut Reuters sagte der Minister, die Lage sei ernst."
    with KnowledgeBase(str(db), encoder="lexical") as kb:
        kb.add(Analysis(document=DocumentMeta(id=content_id(text), source_path="reuters.txt", title="Lage"),
                        text=text))
    workdir = tmp_path / "cwd"  # no ./quellenlage.sqlite here: only the environment names the database
    workdir.mkdir()
    proc, url = _serve([], {"QUELLENLAGE_DB": str(db)}, workdir)
    try:
        r = httpx.get(url + "/api/documents", timeout=10)
        assert r.status_code == 200, r.text
        assert [d["title"] for d in r.json()["items"]] == ["Lage"]
    finally:
        proc.terminate()
        proc.wait(10)
    assert not (workdir / "quellenlage.sqlite").exists()
