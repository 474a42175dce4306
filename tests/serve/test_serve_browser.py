"""The web UI in a real browser: Debian's Chromium through Playwright, against a uvicorn server on loopback.

Loads the article view of the real German report (../shared/examples, read in place), checks the highlighted words,
clicks chains, opens the actor and claim pages and the source graph, and saves screenshots under test-artifacts/.
"""
from __future__ import annotations

import re

import httpx
import pytest

from quellenlage.extract import FunctionExtractor

from .serve_helpers import (ARTIFACTS, AUTH, CHROMIUM, CHROMIUM_ARGS, HOSTILE_TEXT, TOKEN, LiveServer, hostile_analysis,
                           kozak_text)

pytestmark = pytest.mark.issue(5)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    db = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    app = create_app(Settings(db=str(db), token=TOKEN), extractor=FunctionExtractor(hostile_analysis))
    with LiveServer(app) as srv:
        for name, body in (("kozak", {"text": kozak_text(), "title": "Kozak-Bericht", "outlet": "Testportal",
                                      "date": "2024-06-01"}),
                           ("hostile", {"text": HOSTILE_TEXT, "title": "<script>window.__pwned=7</script>"})):
            r = httpx.post(srv.url + "/api/documents", json=body, headers=AUTH, timeout=60)
            assert r.status_code == 201, r.text
            setattr(srv, name, r.json())
        yield srv


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 820})
    pg = ctx.new_page()
    pg.set_default_timeout(10_000)
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # a Content-Security-Policy violation or a failed script shows up as a console error
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    yield pg
    assert not pg.errors, pg.errors
    ctx.close()


MARKS_JS = """() => { const out = {};
  document.querySelectorAll('#article-text mark').forEach(m => {
    const k = m.className.replace(' active', '') + '|' + m.dataset.attribution;
    (out[k] = out[k] || []).push(m.textContent); });
  return out; }"""


def visible_chain(pg) -> list[str]:
    return pg.locator("#chain-panel .chain:visible .step .who").all_inner_texts()


def test_article_view_of_the_real_report(server, page):
    page.goto(f"{server.url}/documents/{server.kozak['id']}")
    marks = page.evaluate(MARKS_JS)
    # the highlighted spans are the right words
    assert marks["ql-cue|a1"] == ["Laut Berichten"]
    assert marks["ql-source|a1"] == ["The New York Times"]
    assert marks["ql-source|a2"] == ["Dmitry Kozak"] and marks["ql-cue|a2"] == ["geäußert"]
    assert marks["ql-source|a3"] == ["Quellen aus dem Umfeld des Kremls"] and marks["ql-cue|a3"] == ["behaupten"]
    assert marks["ql-cue|a5"] == ["Es wird angenommen"]
    assert marks["ql-source|a8"] == ["Reuters"] and marks["ql-cue|a8"] == ["berichtet"]
    assert "".join(marks["ql-message|a2"]).startswith("dass es notwendig sei, den militärischen Konflikt")
    assert "".join(marks["ql-message|a7"]) == ("Er habe wiederholt um Argumente gebeten, um den Präsidenten vom "
                                                "Kurswechsel zu überzeugen")
    colours = {cls: page.eval_on_selector(f"#article-text mark.{cls}", "m => getComputedStyle(m).backgroundColor")
               for cls in ("ql-cue", "ql-source", "ql-message")}
    assert len(set(colours.values())) == 3, colours

    # hover shows a chain; click pins it
    page.hover("#article-text mark.ql-source[data-attribution=a3]")
    assert page.is_visible("#chain-a3") and not page.is_visible("#chain-a2")
    page.click("#article-text mark.ql-cue[data-attribution=a2]")
    page.mouse.move(5, 5)
    assert page.is_visible("#chain-a2")
    steps = visible_chain(page)
    assert steps[0] == "Testportal" and steps[1] == "The New York Times"
    assert steps[2].startswith("Dmitry Kozak") and steps[-1].startswith("“dass es notwendig sei")
    assert page.inner_text("#chain-a2 dd.form") == "indirect"
    assert page.inner_text("#chain-a2 dd.epistemic") == "reported"
    assert page.locator("#article-text mark.active").count() >= 3  # cue, source and message of a2

    # a continuation without a cue inherits its speaker
    page.click("#article-text mark.ql-message[data-attribution=a7]")
    assert page.is_visible("#chain-a7")
    assert visible_chain(page)[1] == "Westliche Quellen"
    assert "continues without a new cue" in page.inner_text("#chain-a7")
    # the hedged one, from the outline
    page.click("#outline .chain-link[data-attribution=a5]")
    assert page.inner_text("#chain-a5 dd.epistemic") == "hedged"
    page.locator("#article-text mark.ql-cue[data-attribution=a2]").scroll_into_view_if_needed()
    page.click("#article-text mark.ql-cue[data-attribution=a2]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("() => { window.scrollTo(0, 0); document.querySelector('.side').scrollTop = 0; }")
    page.screenshot(path=str(ARTIFACTS / "article-view.png"))

    # sidebar -> actor page
    page.click("#actors a.actor-name:text-is('Dmitry Kozak')")
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    assert page.inner_text("#actor-name").startswith("Dmitry Kozak")
    items = page.locator("#timeline > li:not(.year)")
    assert items.count() >= 4
    timeline = page.inner_text("#timeline")
    assert "dass es notwendig sei" in timeline and "Westliche Quellen" in timeline
    page.screenshot(path=str(ARTIFACTS / "actor-page.png"), full_page=True)
    page.locator("#timeline a:has-text('claim')").first.click()
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    assert page.inner_text("#claim-status") in ("single-source", "corroborated", "contested")
    assert page.locator("#reports tbody tr").count() >= 1
    assert not page.dialogs


def test_source_graph_is_interactive(server, page):
    page.goto(f"{server.url}/sources")
    nodes = page.locator("#graph .node")
    n = page.evaluate("() => JSON.parse(document.getElementById('graph-data').textContent).nodes.length")
    assert n >= 6 and nodes.count() == n
    assert page.locator("#graph path.edge").count() >= 5
    box = page.locator("#graph").bounding_box()
    for i in range(n):  # every node inside the visible drawing area, i.e. readable without scrolling the svg
        b = nodes.nth(i).locator("circle").bounding_box()
        assert box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"]
        assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"]
    kozak = page.locator("#graph .node", has_text="Dmitry Kozak")
    kozak.locator("circle").hover()
    assert "Dmitry Kozak (person)" in page.inner_text("#graph-info")
    assert page.locator("#graph .node.dim").count() >= 1
    page.locator("#graph").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "source-graph.png"))
    assert page.locator("#graph path.edge").count() >= 5
    kozak.locator("circle").click()
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    assert page.inner_text("#actor-name").startswith("Dmitry Kozak")


def test_hostile_article_renders_as_text(server, page):
    page.goto(f"{server.url}/documents/{server.hostile['id']}")
    assert "</script><script>window.__pwned=1</script> Quelle" in page.inner_text("#article-text")
    assert page.inner_text("#doc-title") == "<script>window.__pwned=7</script>"
    page.hover("#article-text mark.ql-message")
    page.click("#article-text mark.ql-source")
    actor = httpx.get(server.url + "/api/actors").json()["items"]
    hostile_actor = next(a for a in actor if "__pwned" in a["name"])
    for path in ("/sources", f"/actors/{hostile_actor['id']}", "/actors", "/claims", "/documents"):
        page.goto(server.url + path)
        page.mouse.move(300, 300)
        assert page.evaluate("() => window.__pwned") is None, path
    assert page.evaluate("() => window.__pwned") is None and not page.dialogs


def test_paste_box_with_markup(server, page):
    page.goto(f"{server.url}/analyze")
    page.fill("#paste-text", HOSTILE_TEXT)
    page.click("form.paste button[type=submit]")
    page.wait_for_selector("#not-stored")
    assert '<b onmouseover="window.__pwned=3">fett</b>' in page.inner_text("#article-text")
    page.hover("#article-text")
    assert page.evaluate("() => window.__pwned") is None and not page.dialogs
