"""The server with the bundled pipeline (no stand-in): the API answers with the model's analysis of the real
report, and the article view in Chromium highlights exactly the spans that analysis reports."""
from __future__ import annotations

import pytest
from .serve_helpers import ARTIFACTS, AUTH, CHROMIUM, CHROMIUM_ARGS, TOKEN, LiveServer, kozak_text

pytestmark = pytest.mark.issue(5)
ROLES = {"ql-cue": "cue", "ql-source": "source", "ql-message": "message", "ql-addr": "addressee"}


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    db = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    with LiveServer(create_app(Settings(db=str(db), token=TOKEN))) as srv:
        yield srv


def test_api_analyze_with_the_bundled_pipeline(real_server):
    import httpx

    r = httpx.post(real_server.url + "/api/analyze", json={"text": kozak_text()}, timeout=120)
    assert r.status_code == 200
    d = r.json()
    assert d["schema"] == "quellenlage/1" and d["text"] == kozak_text()
    assert len(d["sentences"]) >= 10 and d["pipeline"]["model"].startswith("quellenlage")
    assert d["attributions"], "the bundled pipeline finds attributions in the example report"
    for a in d["attributions"]:
        for role in ("cue", "source", "message"):
            for s in a[role]:
                assert d["text"][s["start"]:s["end"]] == s["text"]
    real_server.analysis = d


def test_paste_real_report_highlights_the_models_spans(real_server):
    import httpx
    from playwright.sync_api import sync_playwright

    d = getattr(real_server, "analysis", None) or httpx.post(
        real_server.url + "/api/analyze", json={"text": kozak_text()}, timeout=120).json()
    spans = {(a["id"], role): [s["text"] for s in a[role]] for a in d["attributions"] for role in ROLES.values()}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = b.new_page(viewport={"width": 1366, "height": 820})
        pg.goto(real_server.url + "/analyze")
        pg.fill("#paste-text", kozak_text())
        pg.click("form.paste button[type=submit]")
        pg.wait_for_selector("#article-text", timeout=60_000)
        assert d["document"]["id"] in pg.inner_text(".meta")  # same text as the API got: CRLF from the form undone
        marks = pg.evaluate("""() => [...document.querySelectorAll('#article-text mark')]
            .map(m => [m.className, m.dataset.attribution, m.textContent])""")
        assert marks
        for css, aid, text in marks:
            # every highlighted piece lies inside a span of that role of that attribution
            assert any(text.strip() in s for s in spans[(aid, ROLES[css])]), (css, aid, text)
        cues = [m for m in marks if m[0] == "ql-cue"]
        assert {m[1] for m in marks} <= {a["id"] for a in d["attributions"]}
        if cues:
            aid = cues[0][1]
            pg.click(f"#article-text mark.ql-cue[data-attribution='{aid}']")
            assert pg.is_visible(f"#chain-{aid}")
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "article-view-real-pipeline.png"))
        b.close()


def test_stored_real_report_article_view_and_actor_page(real_server):
    """`quellenlage serve` end to end: the model's analysis stored in the knowledge base, read in Chromium."""
    import httpx
    from playwright.sync_api import sync_playwright

    r = httpx.post(real_server.url + "/api/documents", headers=AUTH, timeout=120,
                   json={"text": kozak_text(), "title": "Kozak-Bericht", "outlet": "Testportal"})
    assert r.status_code == 201, r.text
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = b.new_page(viewport={"width": 1366, "height": 820})
        errors = []
        pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
        pg.goto(f"{real_server.url}/documents/{r.json()['id']}")
        assert pg.inner_text("#doc-title") == "Kozak-Bericht"
        assert pg.locator("#article-text mark.ql-source").count() >= 1
        first = pg.locator("#article-text mark.ql-cue").first
        first.click()
        assert pg.locator("#chain-panel .chain:visible .step-outlet .who").inner_text() == "Testportal"
        linked = pg.locator("#actors a.actor-name[href^='/actors/']")
        assert linked.count() >= 1  # the document's actors resolve to knowledge-base actors
        name = linked.first.inner_text()
        linked.first.click()
        pg.wait_for_url("**/actors/*")
        assert pg.inner_text("#actor-name").startswith(name)
        assert not errors, errors
        b.close()
