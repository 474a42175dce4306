"""Server-rendered pages: the right content, and every text from an article escaped (TestClient)."""
from __future__ import annotations

import html
import re

import pytest

from quellenlage.extract import FunctionExtractor

from .serve_helpers import AUTH, HOSTILE_TEXT, TOKEN, hostile_analysis

pytestmark = pytest.mark.issue(5)


def marks(page: str, css: str) -> list[str]:
    """Texts of <mark class=css> elements (unescaped)."""
    found = re.findall(rf'<mark class="{css}" data-attribution="[^"]+">(.*?)</mark>', page, re.S)
    return [html.unescape(m) for m in found]


def test_article_view_highlights_and_sidebar(kb_client):
    page = kb_client.get(f"/documents/{kb_client.doc['id']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    t = page.text
    assert {"Laut Berichten", "geäußert", "behaupten", "Es wird angenommen", "berichten"} <= set(marks(t, "ql-cue"))
    assert {"The New York Times", "Dmitry Kozak", "Quellen aus dem Umfeld des Kremls", "Westliche Quellen",
            "Reuters"} <= set(marks(t, "ql-source"))
    assert any(m.startswith("Zudem habe er für tiefgreifende Reformen") for m in marks(t, "ql-message"))
    # chain of the nested statement: outlet -> NYT -> Kozak -> message
    chain = t[t.index('id="chain-a2"'):t.index('id="chain-a3"')]
    order = [chain.index(s) for s in ("Testportal", "The New York Times", "Dmitry Kozak", "dass es notwendig sei")]
    assert order == sorted(order)
    # sidebar: actors with roles, linked to their knowledge-base pages
    side = t[t.index('id="actors"'):]
    assert "einer der engsten und treuesten Weggefährten Wladimir Putins" in side
    assert re.search(r'<a class="actor-name" href="/actors/\d+">Dmitry Kozak</a>', side)


def test_paste_box_analyses_without_storing(kb_client):
    before = kb_client.get("/api/documents").json()["items"]
    page = kb_client.post("/analyze", data={"text": "Laut Reuters sagte der Minister, die Lage sei ernst."})
    assert page.status_code == 200 and 'id="not-stored"' in page.text
    assert kb_client.get("/api/documents").json()["items"] == before
    empty = kb_client.post("/analyze", data={"text": "  "})
    assert empty.status_code == 400 and "empty text" in empty.text and 'id="paste-text"' in empty.text


def test_actor_claim_and_list_pages(kb_client):
    kozak = kb_client.get("/api/actors", params={"q": "Kozak"}).json()["items"][0]
    page = kb_client.get(f"/actors/{kozak['id']}").text
    assert "Dmitry Kozak" in page and 'id="timeline"' in page and "dass es notwendig sei" in page
    assert "Westliche Quellen" in page  # what others reported about him, with the source
    claim = kb_client.get("/api/claims").json()["items"][0]
    cp = kb_client.get(f"/claims/{claim['id']}").text
    assert claim["status"] in cp and html.escape(claim["reports"][0]["text"][:40], quote=False) in cp
    assert "Kozak-Bericht" in kb_client.get("/documents").text
    assert "Dmitry Kozak" in kb_client.get("/actors?q=Kozak").text
    assert 'id="claims-table"' in kb_client.get("/claims?status=single-source&about=Kozak").text
    assert kb_client.get("/claims?status=<script>").status_code == 422
    assert kb_client.get("/actors/999999").status_code == 404
    assert "Testportal" in kb_client.get("/sources").text
    home = kb_client.get("/").text  # the start page shows the counts
    assert "<strong>1</strong> documents" in home and "<strong>8</strong> attributions" in home


@pytest.fixture
def hostile_client(tmp_path):
    from fastapi.testclient import TestClient

    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    app = create_app(Settings(db=str(tmp_path / "kb.sqlite"), token=TOKEN),
            extractor=FunctionExtractor(hostile_analysis))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/documents", headers=AUTH, json={
            "text": HOSTILE_TEXT, "title": '<script>window.__pwned="title"</script>',
            "outlet": '"><img src=x onerror=window.__pwned=5>', "url": "javascript:window.__pwned=6"})
        assert r.status_code == 201, r.text
        c.doc = r.json()
        yield c


def _no_live_markup(page: str):
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page and "<b onmouseover" not in page and "<i onclick" not in page
    assert 'onerror=window' not in page.replace("onerror=window.__pwned=2&gt;", "").replace(
        "onerror=window.__pwned=5&gt;", "") or "&lt;img" in page


def test_hostile_article_is_escaped_on_every_page(hostile_client):
    c = hostile_client
    doc = c.get(f"/documents/{c.doc['id']}").text
    _no_live_markup(doc)
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in doc
    assert 'href="javascript:' not in doc  # a javascript: url is never linked
    actor_id = c.get("/api/actors").json()["items"][0]["id"]
    for path in ("/documents", "/actors", f"/actors/{actor_id}", "/claims", "/sources", "/"):
        page = c.get(path)
        assert page.status_code == 200, path
        _no_live_markup(page.text)
    sources = c.get("/sources").text
    data = sources[sources.index('id="graph-data">'):]
    data = data[:data.index("</script>")]
    assert "<" not in data.split(">", 1)[1]  # the JSON island holds no raw '<' that could close it


def test_pasted_script_renders_as_text(client):
    page = client.post("/analyze", data={"text": HOSTILE_TEXT}).text
    _no_live_markup(page)
    assert "&lt;b onmouseover=&#34;window.__pwned=3&#34;&gt;fett&lt;/b&gt;" in page or \
           "&lt;b onmouseover=&quot;window.__pwned=3&quot;&gt;fett&lt;/b&gt;" in page
