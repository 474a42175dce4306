"""Server-rendered pages: article view, paste box, documents, actors, claims and the source graph."""
from __future__ import annotations

import json

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from quellenlage.serve import views
from quellenlage.serve.app import ApiError, check_id, page_args

PAGE_SIZE = 50


def json_for_script(data) -> Markup:
    """JSON safe inside <script type="application/json">: '<', '>' and '&' become \\u escapes, so text from an
    article can never close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def router(app: FastAPI, render) -> APIRouter:
    r = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    st = app.state

    async def store_call(name: str, *args, **kwargs):
        store = st.get_store()
        return await run_in_threadpool(getattr(store, name), *args, **kwargs)

    async def stats():
        try:
            return await store_call("stats")
        except ApiError:
            return None

    @r.get("/")
    async def home():
        return render("home.html", stats=await stats(), nav="home")

    @r.get("/analyze")
    async def paste_form():
        return render("paste.html", nav="analyze", text="", error=None)

    @r.post("/analyze")
    async def paste_submit(request: Request):
        try:
            article = await st.article_from_request(request, "pasted article")
        except ApiError as e:
            form = await request.form() if e.status == 400 else {}
            text = form.get("text") if isinstance(form.get("text"), str) else ""
            return render("paste.html", http_status=e.status, nav="analyze", text=text, error=e.message)
        # Browsers send a textarea with CRLF line breaks (HTML spec); the pasted article had LF.
        article.text = article.text.replace("\r\n", "\n")
        analysis = await st.run_analysis(article)
        return render("article.html", nav="analyze", stored=False, **views.article_context(analysis))

    @r.get("/documents")
    async def documents(offset: int = 0):
        _, offset = page_args(PAGE_SIZE, offset)
        page = await store_call("list_documents", limit=PAGE_SIZE, offset=offset)
        return render("documents.html", nav="documents", page=page, offset=offset, size=PAGE_SIZE)

    @r.get("/documents/{doc_id}")
    async def document(doc_id: str):
        analysis = await store_call("get_analysis", check_id(doc_id, "document"))
        if analysis is None:
            raise ApiError(404, "not_found", "no document with that id")
        links = await store_call("actor_links", analysis)
        return render("article.html", nav="documents", stored=True, actor_links=links,
                      **views.article_context(analysis))

    @r.get("/actors")
    async def actors(q: str | None = Query(None, max_length=200), offset: int = 0):
        _, offset = page_args(PAGE_SIZE, offset)
        page = await store_call("list_actors", q=q, limit=PAGE_SIZE, offset=offset)
        return render("actors.html", nav="actors", page=page, q=q or "", offset=offset, size=PAGE_SIZE)

    @r.get("/actors/{actor_id}")
    async def actor(actor_id: str):
        data = await store_call("get_actor", check_id(actor_id, "actor"), limit=200)
        if data is None:
            raise ApiError(404, "not_found", "no actor with that id")
        return render("actor.html", nav="actors", actor=data)

    @r.get("/claims")
    async def claims(about: str | None = Query(None, max_length=200), status: str | None = None, offset: int = 0):
        _, offset = page_args(PAGE_SIZE, offset)
        if status not in (None, "", "single-source", "corroborated", "contested"):
            raise ApiError(422, "bad_parameter", "status must be single-source, corroborated or contested")
        page = await store_call("list_claims", about=about, status=status or None, limit=PAGE_SIZE, offset=offset)
        return render("claims.html", nav="claims", page=page, about=about or "", status=status or "",
                      offset=offset, size=PAGE_SIZE)

    @r.get("/claims/{claim_id}")
    async def claim(claim_id: str):
        data = await store_call("get_claim", check_id(claim_id, "claim"))
        if data is None:
            raise ApiError(404, "not_found", "no claim with that id")
        return render("claim.html", nav="claims", claim=data)

    @r.get("/sources")
    async def sources(min_reports: int = Query(1, ge=1, le=1000)):
        graph = await store_call("source_graph", min_reports=min_reports, max_nodes=150)
        return render("sources.html", nav="sources", graph=graph, graph_json=json_for_script(graph),
                      min_reports=min_reports)

    return r
