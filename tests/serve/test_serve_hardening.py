"""The server as a hostile or careless client meets it (issue 20): no 500 for any id or parameter, analyses in
worker processes with a time limit and a bounded queue, the Authorization scheme in any case."""
from __future__ import annotations

import os
import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from quellenlage.extract import FunctionExtractor

from .serve_helpers import (AUTH, SLOW_MARK, TOKEN, LiveServer, kozak_text, no_model_analysis, pid_analysis,
                            slow_analysis)
from .test_serve_api import assert_json_error

HUGE = "9" * 23  # beyond 64 bits: no database integer can hold it


@pytest.mark.parametrize("path", [f"/api/actors/{HUGE}", f"/api/claims/{HUGE}", f"/api/documents/{HUGE}",
                                  f"/api/actors/{2**63}", f"/api/claims/{2**64}"])
def test_ids_beyond_64_bits_are_404(kb_client, path):
    assert_json_error(kb_client.get(path), 404, "not_found")


@pytest.mark.parametrize("path", [f"/actors/{HUGE}", f"/claims/{HUGE}", f"/documents/{HUGE}"])
def test_pages_with_ids_beyond_64_bits_are_404(kb_client, path):
    r = kb_client.get(path)
    assert r.status_code == 404 and "Traceback" not in r.text


@pytest.mark.parametrize("path", ["/api/documents", "/api/actors", "/api/claims", "/documents", "/actors",
                                  "/claims"])
def test_offsets_beyond_64_bits_are_422(kb_client, path):
    r = kb_client.get(path, params={"offset": HUGE})
    assert r.status_code == 422 and "Traceback" not in r.text
    if path.startswith("/api/"):
        assert_json_error(r, 422, "bad_parameter")
    r = kb_client.get(path, params={"offset": 2**62})
    assert r.status_code == 422


def test_merge_with_an_id_beyond_64_bits_is_404(kb_client):
    r = kb_client.post(f"/api/actors/{HUGE}/merge", json={"other": "Kozak"}, headers=AUTH)
    assert_json_error(r, 404, "not_found")
    kozak = kb_client.get("/api/actors", params={"q": "Kozak"}).json()["items"][0]["id"]
    r = kb_client.post(f"/api/actors/{kozak}/merge", json={"other": HUGE}, headers=AUTH)
    assert_json_error(r, 404, "not_found")


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer", "bEaReR"])
def test_authorization_scheme_is_case_insensitive(app_factory, tmp_path, scheme):
    app = app_factory(db=str(tmp_path / "kb.sqlite"), token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/documents", json={"text": "Laut Reuters sagte der Minister, die Lage sei ernst."},
                   headers={"Authorization": f"{scheme} {TOKEN}"})
        assert r.status_code == 201, r.text
        r = c.post("/api/documents", json={"text": "Noch ein Text."}, headers={"Authorization": f"{scheme} wrong"})
        assert_json_error(r, 401, "unauthorized")
        r = c.post("/api/documents", json={"text": "Noch ein Text."}, headers={"Authorization": f"Basic {TOKEN}"})
        assert_json_error(r, 401, "unauthorized")


def test_text_over_the_character_limit_is_413(app_factory):
    with TestClient(app_factory(max_chars=1000), raise_server_exceptions=False) as c:
        err = assert_json_error(c.post("/api/analyze", json={"text": "Wort " * 500}), 413, "payload_too_large")
        assert "1,000 characters" in err["message"]


def test_analysis_runs_in_a_worker_process(app_factory):
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    with TestClient(create_app(Settings(), extractor=FunctionExtractor(pid_analysis)),
            raise_server_exceptions=False) as c:
        r = c.post("/api/analyze", json={"text": "Laut Reuters sagte der Minister, die Lage sei ernst."})
        assert r.status_code == 200, r.text
        assert r.json()["pipeline"]["pid"] != str(os.getpid())


def test_missing_model_in_the_worker_is_503(app_factory):
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    with TestClient(create_app(Settings(), extractor=FunctionExtractor(no_model_analysis)),
            raise_server_exceptions=False) as c:
        assert_json_error(c.post("/api/analyze", json={"text": "Hallo."}), 503, "model_missing")


def test_an_analysis_past_its_time_limit_is_stopped_with_503_and_reads_go_on(tmp_path):
    """Real server on loopback: a slow analysis is answered 503 after the limit; meanwhile reads are answered,
    and once the slow one is stopped the next analysis works (its worker was replaced)."""
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    settings = Settings(db=str(tmp_path / "kb.sqlite"), token=TOKEN, analysis_timeout_s=4, analysis_queue=0)
    with LiveServer(create_app(settings, extractor=FunctionExtractor(slow_analysis))) as srv:
        warm = httpx.post(srv.url + "/api/documents", json={"text": kozak_text()}, headers=AUTH, timeout=60)
        assert warm.status_code == 201, warm.text
        answer: dict = {}

        def post_slow():
            answer["r"] = httpx.post(srv.url + "/api/analyze", json={"text": f"{SLOW_MARK}. Ein Satz."},
                                     timeout=60)

        slow = threading.Thread(target=post_slow)
        slow.start()
        reads = 0
        while slow.is_alive() and reads < 5:
            assert httpx.get(srv.url + "/api/documents", timeout=60).status_code == 200
            reads += 1
        assert reads == 5, "reads were answered while the analysis ran"
        # the one worker is busy and nothing may wait: a second analysis is refused at once
        busy = httpx.post(srv.url + "/api/analyze", json={"text": "Noch ein Satz."}, timeout=60)
        if slow.is_alive():
            assert_json_error(busy, 503, "analysis_unavailable")
            assert busy.headers.get("retry-after")
        slow.join(60)
        err = assert_json_error(answer["r"], 503, "analysis_unavailable")
        assert "longer than 4 s" in err["message"]
        again = httpx.post(srv.url + "/api/analyze", json={"text": "Laut Reuters sagte er, es regne."}, timeout=60)
        assert again.status_code == 200, again.text
