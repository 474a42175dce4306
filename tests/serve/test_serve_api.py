"""HTTP API: every endpoint, with ordinary and hostile input (TestClient; raw-socket cases use a live server)."""
from __future__ import annotations

import socket

import pytest
from .serve_helpers import AUTH, TOKEN, LiveServer, crashing_analysis, kozak_text

from quellenlage.extract import FunctionExtractor
from quellenlage.model import content_id

pytestmark = pytest.mark.issue(5)


def assert_json_error(r, status, code=None):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["message"] and "Traceback" not in r.text
    if code:
        assert err["code"] == code
    return err


# ---------------------------------------------------------------- POST /api/analyze
def test_analyze_json_text_returns_schema(client):
    text = kozak_text()
    r = client.post("/api/analyze", json={"text": text, "outlet": "Testportal"})
    assert r.status_code == 200
    d = r.json()
    assert d["schema"] == "quellenlage/1"
    assert d["text"] == text and d["document"]["id"] == content_id(text)
    assert d["document"]["outlet"] == "Testportal"
    assert {a["id"] for a in d["attributions"]} >= {"a1", "a2", "a3"}


def test_analyze_html_extracts_main_text(client):
    page = ("<html><head><title>Seite</title></head><body><nav>Menü Startseite Impressum</nav><article><h1>Titel</h1>"
            + "".join(f"<p>Der Minister sagte am Montag, die Lage sei ernst, Absatz {i}.</p>" for i in range(6))
            + "</article></body></html>")
    r = client.post("/api/analyze", json={"html": page})
    assert r.status_code == 200
    text = r.json()["text"]
    assert "die Lage sei ernst, Absatz 3" in text and "<p>" not in text


def test_analyze_file_upload_text_and_html(client):
    text = "Laut Reuters sagte der Sprecher, man prüfe den Vorschlag."
    r = client.post("/api/analyze", files={"file": ("a.txt", text.encode("utf-8"), "text/plain")})
    assert r.status_code == 200 and r.json()["text"] == text
    page = "<html><body><article>" + "".join(f"<p>{text} Satz {i}.</p>" for i in range(5)) + "</article></body></html>"
    r = client.post("/api/analyze", files={"file": ("a.html", page.encode(), "text/html")})
    assert r.status_code == 200 and "Satz 4" in r.json()["text"] and "<p>" not in r.json()["text"]


def test_analyze_raw_text_body_latin1(client):
    r = client.post("/api/analyze", content="Die Bürger äußerten sich, so der Bericht.".encode("latin-1"),
                    headers={"content-type": "text/plain"})
    assert r.status_code == 200 and r.json()["text"] == "Die Bürger äußerten sich, so der Bericht."


@pytest.mark.parametrize("kwargs,code", [
    ({"json": {"text": "   "}}, "bad_input"),
    ({"json": {"title": "kein Text"}}, "bad_input"),
    ({"json": {"text": 42}}, "bad_input"),
    ({"json": ["text"]}, "bad_input"),
    ({"json": {"text": "a", "html": "<p>b</p>"}}, "bad_input"),
    ({"json": {"text": "ok", "title": ["x"]}}, "bad_input"),
    ({"content": b'{"text": "unterminated', "headers": {"content-type": "application/json"}}, "bad_input"),
    ({"files": {"file": ("x.bin", bytes(range(256)) * 20, "application/octet-stream")}}, "bad_input"),
    ({"content": b"<a/>", "headers": {"content-type": "application/xml"}}, "unsupported_media_type"),
])
def test_analyze_bad_input_is_a_clear_json_error(client, kwargs, code):
    r = client.post("/api/analyze", **kwargs)
    assert_json_error(r, 415 if code == "unsupported_media_type" else 400, code)


@pytest.mark.parametrize("kwargs", [
    {"files": {"text": (None, "x" * 1_500_000)}},  # one form field over Starlette's 1 MiB part limit
    {"files": [("file", ("a.txt", b"abc", "text/plain")), ("file", ("b.txt", b"abc", "text/plain"))]},
    {"content": b"x", "headers": {"content-type": "multipart/form-data; boundary=zzz"}},
])
def test_analyze_hostile_multipart_is_a_clear_json_error(client, kwargs):
    assert_json_error(client.post("/api/analyze", **kwargs), 400, "bad_input")


def test_analyze_oversized_body_refused(app_factory):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(max_body_bytes=10_000), raise_server_exceptions=False) as c:
        r = c.post("/api/analyze", json={"text": "x" * 20_000})
        assert_json_error(r, 413, "payload_too_large")
        r = c.post("/api/analyze", json={"text": "Kurz."})
        assert r.status_code == 200


def _raw_request(port: int, head: bytes, body_chunks) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head)
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before the whole body is sent
        data = b""
        while True:
            try:
                part = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not part:
                break
            data += part
    return data


def test_chunked_oversized_upload_without_length_refused_on_live_server(app_factory):
    """No Content-Length to check up front: the streamed bytes are counted and the request refused."""
    with LiveServer(app_factory(max_body_bytes=50_000)) as srv:
        chunk = b"a" * 8192
        chunks = [b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)] + [b"0\r\n\r\n"]
        head = (b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        resp = _raw_request(srv.port, head, chunks)
        status_line, _, rest = resp.partition(b"\r\n")
        assert b" 413 " in status_line, resp[:300]
        assert b"payload_too_large" in rest


def test_script_in_article_comes_back_as_json_data_only(client):
    hostile = '<script>alert(1)</script> Er sagte, "<img src=x onerror=alert(2)>" sei harmlos.'
    r = client.post("/api/analyze", json={"text": hostile})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["text"] == hostile


def test_crash_is_500_without_traceback_or_details(app_factory):
    from fastapi.testclient import TestClient

    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    with TestClient(create_app(Settings(), extractor=FunctionExtractor(crashing_analysis)),
            raise_server_exceptions=False) as c:
        r = c.post("/api/analyze", json={"text": "Hallo."})
        assert_json_error(r, 500, "internal_error")
        assert "SECRET" not in r.text and "shadow" not in r.text
        page = c.post("/analyze", data={"text": "Hallo."})
        assert page.status_code == 500 and "SECRET" not in page.text and "Traceback" not in page.text


# ---------------------------------------------------------------- write endpoints and the token
def test_ingest_disabled_without_token(app_factory, tmp_path):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db=str(tmp_path / "kb.sqlite")), raise_server_exceptions=False) as c:
        assert_json_error(c.post("/api/documents", json={"text": kozak_text()}, headers=AUTH), 403, "writes_disabled")
    assert not (tmp_path / "kb.sqlite").exists()  # a read-only server creates nothing


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_ingest_needs_the_right_token(kb_client, headers):
    assert_json_error(kb_client.post("/api/documents", json={"text": "Neu."}, headers=headers), 401, "unauthorized")


def test_ingest_stores_once_then_unchanged(kb_client):
    assert kb_client.doc["status"] == "stored"
    again = kb_client.post("/api/documents", json={"text": kozak_text(), "title": "Kozak-Bericht",
                                                   "outlet": "Testportal", "date": "2024-06-01"}, headers=AUTH)
    assert again.status_code == 201 and again.json()["status"] == "unchanged"
    assert again.json()["id"] == kb_client.doc["id"]
    docs = kb_client.get("/api/documents").json()["items"]
    assert len(docs) == 1 and docs[0]["title"] == "Kozak-Bericht"


# ---------------------------------------------------------------- reading the knowledge base
def test_documents_list_and_get(kb_client):
    d = kb_client.get(f"/api/documents/{kb_client.doc['id']}").json()
    assert d["schema"] == "quellenlage/1" and d["text"] == kozak_text()
    by_hash = kb_client.get(f"/api/documents/{kb_client.doc['revision_id']}")
    assert by_hash.status_code == 200 and by_hash.json()["document"]["id"] == kb_client.doc["revision_id"]


@pytest.mark.parametrize("bad", ["999999", "' OR '1'='1", "1 OR 1=1", "1;DROP TABLE documents",
                                 "..%2F..%2Fetc%2Fpasswd",
                                 "x" * 500, "%00", "<script>alert(1)</script>", "ffffffffffffffff"])
def test_bad_ids_are_404_json(kb_client, bad):
    for base in ("/api/documents/", "/api/actors/", "/api/claims/"):
        r = kb_client.get(base + bad)
        assert r.status_code == 404, (base, bad, r.text)
        assert r.headers["content-type"].startswith("application/json") and "Traceback" not in r.text
    assert kb_client.get("/api/documents").json()["items"]  # nothing was dropped


def test_actors_list_search_and_injection(kb_client):
    items = kb_client.get("/api/actors").json()["items"]
    names = {a["name"] for a in items}
    assert {"Dmitry Kozak", "The New York Times", "Reuters"} <= names
    hits = kb_client.get("/api/actors", params={"q": "kozak"}).json()["items"]
    assert [a["name"] for a in hits] == ["Dmitry Kozak"]
    for q in ["' OR 1=1 --", "x'); DROP TABLE actors; --", "1 UNION SELECT 1,2,3,4"]:
        r = kb_client.get("/api/actors", params={"q": q})
        assert r.status_code == 200 and r.json()["items"] == [], q
    assert len(kb_client.get("/api/actors").json()["items"]) == len(items)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 100000}, {"offset": -1}, {"limit": "abc"},
                                    {"q": "x" * 201}])
def test_bad_paging_is_422_json(kb_client, params):
    assert_json_error(kb_client.get("/api/actors", params=params), 422, "bad_parameter")


def test_actor_timeline(kb_client):
    kozak = kb_client.get("/api/actors", params={"q": "Kozak"}).json()["items"][0]
    a = kb_client.get(f"/api/actors/{kozak['id']}").json()
    assert a["name"] == "Dmitry Kozak" and "Kozaks" in a["names"]
    said = [t for t in a["timeline"] if t["kind"] == "said"]
    about = [t for t in a["timeline"] if t["kind"] == "about"]
    assert any(t["text"].startswith("dass es notwendig sei") for t in said)
    assert any(t["source"] == "Westliche Quellen" for t in about)
    assert all("message" not in t for t in a["timeline"])  # one name per field: the KB's report rows as they are
    assert all(t["document_id"] == kb_client.doc["id"] for t in a["timeline"])
    assert a["truncated"] is False
    short = kb_client.get(f"/api/actors/{kozak['id']}", params={"limit": 1}).json()
    assert short["truncated"] is True and len(short["said"]) == 1
    assert 'id="truncated"' not in kb_client.get(f"/actors/{kozak['id']}").text


def test_claims_list_filter_and_get(kb_client):
    claims = kb_client.get("/api/claims").json()["items"]
    assert claims and all(c["status"] in ("single-source", "corroborated", "contested") for c in claims)
    about = kb_client.get("/api/claims", params={"about": "Reuters"}).json()["items"]
    assert any(r["source"] == "Reuters" and "Nichtaufnahme in die NATO" in r["text"]
               for c in about for r in c["reports"])
    assert_json_error(kb_client.get("/api/claims", params={"status": "true"}), 422, "bad_parameter")
    one = kb_client.get(f"/api/claims/{claims[0]['id']}").json()
    assert one["id"] == claims[0]["id"] and one["reports"][0]["document_id"] == kb_client.doc["id"]


def test_source_graph(kb_client):
    g = kb_client.get("/api/sources/graph").json()
    names = {n["name"]: n for n in g["nodes"]}
    assert names["Testportal"]["type"] == "outlet"
    assert names["Westliche Quellen"]["type"] == "anonymous"
    ids = {n["id"] for n in g["nodes"]}
    assert g["edges"] and all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    cited = {names_by_id for e in g["edges"] for names_by_id in [e["target"]]}
    assert names["The New York Times"]["id"] in cited
    assert_json_error(kb_client.get("/api/sources/graph", params={"max_nodes": 0}), 422)


def test_missing_knowledge_base_is_503(app_factory, tmp_path):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db=str(tmp_path / "none.sqlite")), raise_server_exceptions=False) as c:
        assert_json_error(c.get("/api/documents"), 503, "no_knowledge_base")
        assert c.get("/documents").status_code == 503


# ---------------------------------------------------------------- errors, docs, headers
def test_unknown_paths_and_methods(client):
    assert_json_error(client.get("/api/nope"), 404, "not_found")
    assert_json_error(client.delete("/api/analyze"), 405, "method_not_allowed")
    r = client.get("/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_openapi_and_docs_page_list_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    expected = {"/api/analyze", "/api/documents", "/api/documents/{doc_id}", "/api/actors", "/api/actors/{actor_id}",
                "/api/actors/{actor_id}/merge", "/api/actors/{actor_id}/split", "/api/claims",
                "/api/claims/{claim_id}", "/api/sources/graph"}
    assert expected <= set(spec["paths"])
    assert "requestBody" in spec["paths"]["/api/analyze"]["post"]
    page = client.get("/docs")
    assert page.status_code == 200
    for path in expected:
        assert path in page.text
    assert "cdn" not in page.text.lower() and "<script src=\"http" not in page.text


def test_pages_send_security_headers(client):
    r = client.get("/analyze")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_serve_cli_defaults_to_loopback():
    from typer.testing import CliRunner

    from quellenlage.cli import app

    out = CliRunner().invoke(app, ["serve", "--help"]).output
    assert "127.0.0.1" in out and "--token" in out and "--db" in out


def test_documents_paging_and_separate_documents(kb_client):
    assert "<strong>1</strong> documents" in kb_client.get("/").text  # counts are cached ...
    r = kb_client.post("/api/documents", json={"text": "Laut Reuters sagte der Minister, die Lage sei ernst."},
                       headers=AUTH)
    assert r.status_code == 201 and r.json()["status"] == "stored" and r.json()["id"] != kb_client.doc["id"]
    first = kb_client.get("/api/documents", params={"limit": 1}).json()["items"]
    second = kb_client.get("/api/documents", params={"limit": 1, "offset": 1}).json()["items"]
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    assert kb_client.get("/api/documents", params={"offset": 2}).json()["items"] == []
    page = kb_client.get("/documents").text
    assert "Kozak-Bericht" in page and f'/documents/{r.json()["id"]}' in page
    assert "<strong>2</strong> documents" in kb_client.get("/").text  # ... and dropped on a write


def _actor_id(c, name: str) -> int:
    return next(a["id"] for a in c.get("/api/actors", params={"q": name}).json()["items"] if a["name"] == name)


def test_merge_and_split_actors(kb_client):
    kozak = _actor_id(kb_client, "Dmitry Kozak")
    west = _actor_id(kb_client, "Westliche Quellen")
    body = {"other": "Westliche Quellen", "reason": "test merge"}
    assert_json_error(kb_client.post(f"/api/actors/{kozak}/merge", json=body), 401, "unauthorized")
    r = kb_client.post(f"/api/actors/{kozak}/merge", json=body, headers=AUTH)
    assert r.status_code == 200 and r.json()["id"] == kozak
    assert kb_client.get(f"/api/actors/{west}").status_code == 404
    assert "Westliche Quellen" in kb_client.get(f"/api/actors/{kozak}").json()["names"]
    r = kb_client.post(f"/api/actors/{kozak}/split", json={"names": ["Westliche Quellen"]}, headers=AUTH)
    assert r.status_code == 201
    new = r.json()["id"]
    assert kb_client.get(f"/api/actors/{new}").json()["name"] == "Westliche Quellen"
    assert "Westliche Quellen" not in kb_client.get(f"/api/actors/{kozak}").json()["names"]


@pytest.mark.parametrize("path,body,status", [
    ("merge", {"other": "Niemand Unbekannt"}, 404),
    ("merge", {}, 400),
    ("merge", {"other": ["x"]}, 400),
    ("merge", {"other": "x" * 300}, 400),
    ("split", {"names": "Kozaks"}, 400),
    ("split", {"names": []}, 400),
    ("split", {"names": ["Gibt es nicht"]}, 404),
])
def test_merge_split_bad_input(kb_client, path, body, status):
    kozak = _actor_id(kb_client, "Dmitry Kozak")
    assert_json_error(kb_client.post(f"/api/actors/{kozak}/{path}", json=body, headers=AUTH), status)
    assert_json_error(kb_client.post(f"/api/actors/abc/{path}", json={"other": "x", "names": ["x"]}, headers=AUTH),
                      404)
    assert_json_error(kb_client.post(f"/api/actors/{kozak}/{path}", content=b"[1", headers=AUTH), 400)


def test_merge_disabled_without_token(app_factory, tmp_path):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db=str(tmp_path / "kb.sqlite")), raise_server_exceptions=False) as c:
        assert_json_error(c.post("/api/actors/1/merge", json={"other": "2"}, headers=AUTH), 403, "writes_disabled")
