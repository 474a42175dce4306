"""Server-rendered pages: article view, paste box, documents, actors, claims, the source graph and /docs."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from quellenlage.serve import views
from quellenlage.serve.deps import Context, call, check_id, page_args, read_article
from quellenlage.serve.errors import ApiError
from quellenlage.serve.rendering import json_for_script, render

PAGE_SIZE = 50
STATUSES = ("single-source", "corroborated", "contested")

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
async def home(ctx: Context):
    try:
        stats = await call(ctx.open_store(), "stats")
    except ApiError:
        stats = None  # no knowledge base: the paste box still works
    return render("home.html", stats=stats, nav="home")


@router.get("/analyze")
async def paste_form():
    return render("paste.html", nav="analyze", text="", error=None)


@router.post("/analyze")
async def paste_submit(request: Request, ctx: Context):
    try:
        article = await read_article(request, ctx, "pasted article")
    except ApiError as e:
        form = await request.form() if e.status == 400 else {}
        text = form.get("text") if isinstance(form.get("text"), str) else ""
        return render("paste.html", http_status=e.status, nav="analyze", text=text, error=e.message)
    # Browsers send a textarea with CRLF line breaks (HTML spec); the pasted article had LF.
    article.text = article.text.replace("\r\n", "\n")
    analysis = await ctx.analyze(article)
    return render("article.html", nav="analyze", stored=False, **views.article_context(analysis))


@router.get("/documents")
async def documents(ctx: Context, offset: int = 0):
    _, offset = page_args(ctx.settings, PAGE_SIZE, offset)
    page = await call(ctx.open_store(), "list_documents", limit=PAGE_SIZE, offset=offset)
    return render("documents.html", nav="documents", page=page, offset=offset, size=PAGE_SIZE)


@router.get("/documents/{doc_id}")
async def document(doc_id: str, ctx: Context):
    store = ctx.open_store()
    analysis = await call(store, "get_analysis", check_id(doc_id, "document"))
    if analysis is None:
        raise ApiError(404, "not_found", "no document with that id")
    links = await call(store, "actor_links", analysis)
    return render("article.html", nav="documents", stored=True, actor_links=links, **views.article_context(analysis))


@router.get("/actors")
async def actors(ctx: Context, q: str | None = Query(None, max_length=200), offset: int = 0):
    _, offset = page_args(ctx.settings, PAGE_SIZE, offset)
    page = await call(ctx.open_store(), "list_actors", q=q, limit=PAGE_SIZE, offset=offset)
    return render("actors.html", nav="actors", page=page, q=q or "", offset=offset, size=PAGE_SIZE)


@router.get("/actors/{actor_id}")
async def actor(actor_id: str, ctx: Context):
    data = await call(ctx.open_store(), "get_actor", check_id(actor_id, "actor"), limit=200)
    if data is None:
        raise ApiError(404, "not_found", "no actor with that id")
    return render("actor.html", nav="actors", actor=data)


@router.get("/claims")
async def claims(ctx: Context, about: str | None = Query(None, max_length=200), status: str | None = None,
                 offset: int = 0):
    _, offset = page_args(ctx.settings, PAGE_SIZE, offset)
    if status not in (None, "", *STATUSES):
        raise ApiError(422, "bad_parameter", "status must be single-source, corroborated or contested")
    page = await call(ctx.open_store(), "list_claims", about=about, status=status or None, limit=PAGE_SIZE,
                      offset=offset)
    return render("claims.html", nav="claims", page=page, about=about or "", status=status or "",
                  offset=offset, size=PAGE_SIZE)


@router.get("/claims/{claim_id}")
async def claim(claim_id: str, ctx: Context):
    data = await call(ctx.open_store(), "get_claim", check_id(claim_id, "claim"))
    if data is None:
        raise ApiError(404, "not_found", "no claim with that id")
    return render("claim.html", nav="claims", claim=data)


@router.get("/sources")
async def sources(ctx: Context, min_reports: int = Query(1, ge=1, le=1000)):
    graph = await call(ctx.open_store(), "source_graph", min_reports=min_reports, max_nodes=150)
    return render("sources.html", nav="sources", graph=graph, graph_json=json_for_script(graph),
                  min_reports=min_reports)


@router.get("/docs")
async def api_docs(request: Request):
    """API reference rendered from the OpenAPI schema on the server (Swagger UI would need a CDN)."""
    return render("apidocs.html", nav="api", ops=api_operations(request.app.openapi()))


@router.get("/favicon.ico")
async def favicon():
    return RedirectResponse("/static/favicon.svg")


def api_operations(schema: dict) -> list[dict]:
    """Flatten an OpenAPI schema into what the reference page lists: method, path, summary, parameters, bodies."""
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _type_name(p.get("schema", {})), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {})
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "tag": (op.get("tags") or ["other"])[0], "params": params,
                        "body": body.get("description", ""), "body_types": list(body.get("content", {})),
                        "example": (body.get("content", {}).get("application/json", {}) or {}).get("example"),
                        "responses": {k: v.get("description", "") for k, v in op.get("responses", {}).items()}})
    return ops


def _type_name(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type_name(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return schema.get("type", "")
