"""JSON endpoints under /api: each parses its input (dependencies in `deps.py`) and calls the analysis pool or
the knowledge-base store."""
from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from quellenlage.model import Article, content_id
from quellenlage.serve.deps import Context, Writer, api_article, call, check_id, get_store, kb_id, page_args
from quellenlage.serve.errors import ApiError

ARTICLE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The article: JSON `{\"text\": ...}` or `{\"html\": ...}` (plus optional title, date, outlet, "
                       "url, language); a form with a `text` field or a `file` upload; or a raw text/plain or "
                       "text/html body.",
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "text": {"type": "string", "description": "plain article text"},
                "html": {"type": "string", "description": "a web page; the main text is extracted"},
                "title": {"type": "string"}, "date": {"type": "string"}, "outlet": {"type": "string"},
                "url": {"type": "string"}, "language": {"type": "string", "default": "de"}}},
                "example": {"text": "Laut Reuters sagte der Minister, die Lage sei ernst.", "outlet": "Beispiel"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}, "text": {"type": "string"}}}},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
WRITE_ERRORS = {400: {"description": "bad input"}, 401: {"description": "wrong token"},
                403: {"description": "writes disabled"}, 404: {"description": "unknown actor"}}
ERRORS = {400: {"description": "bad input (JSON error object)"},
          413: {"description": "body or text too large"}, 415: {"description": "unsupported content type"},
          503: {"description": "model or knowledge base missing, analysis over its time limit, or server busy"}}


router = APIRouter(prefix="/api")
Store = Annotated[object, Depends(get_store)]
PostedArticle = Annotated[Article, Depends(api_article)]


@router.post("/analyze", tags=["analysis"], openapi_extra=ARTICLE_BODY, responses=ERRORS,
             summary="Analyse one article without storing it; returns the quellenlage/1 JSON")
async def analyze(ctx: Context, article: PostedArticle) -> dict:
    analysis = await ctx.analyze(article)
    return analysis.to_dict()


@router.post("/documents", tags=["knowledge base"], status_code=201, openapi_extra=ARTICLE_BODY,
             responses={**ERRORS, 401: {"description": "wrong token"}, 403: {"description": "writes disabled"}},
             summary="Analyse an article and store it in the knowledge base (needs the server's token)",
             dependencies=[Writer])
async def add_document(ctx: Context, article: PostedArticle) -> dict:
    store = ctx.open_store()
    # The KB treats texts with the same url (else source path) as revisions of one article: without a url,
    # each distinct text is its own document, so two unrelated posts never overwrite each other.
    name = "" if article.source_path == "<api>" else f"{article.source_path}:"
    article.source_path = f"api:{name}{content_id(article.text)}"
    analysis = await ctx.analyze(article)
    return await call(store, "add_analysis", analysis)


@router.get("/documents", tags=["knowledge base"], summary="Stored documents, newest first")
async def list_documents(ctx: Context, store: Store, limit: int = 50, offset: int = 0) -> dict:
    limit, offset = page_args(ctx.settings, limit, offset)
    return await call(store, "list_documents", limit=limit, offset=offset)


@router.get("/documents/{doc_id}", tags=["knowledge base"],
            summary="One stored document as quellenlage/1 JSON (id: the content hash of its text)")
async def get_document(doc_id: str, store: Store) -> dict:
    analysis = await call(store, "get_analysis", check_id(doc_id, "document"))
    if analysis is None:
        raise ApiError(404, "not_found", "no document with that id")
    return analysis.to_dict()


@router.get("/actors", tags=["knowledge base"], summary="Actors, most documents first; `q` filters by name")
async def list_actors(ctx: Context, store: Store, q: str | None = Query(None, max_length=200), limit: int = 50,
                      offset: int = 0) -> dict:
    limit, offset = page_args(ctx.settings, limit, offset)
    return await call(store, "list_actors", q=q, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", tags=["knowledge base"],
            summary="One actor: names, roles, and a timeline of what they said and what was said about them")
async def get_actor(actor_id: str, ctx: Context, store: Store, limit: int = 200) -> dict:
    limit, _ = page_args(ctx.settings, limit, 0)
    actor = await call(store, "get_actor", check_id(actor_id, "actor"), limit=limit)
    if actor is None:
        raise ApiError(404, "not_found", "no actor with that id")
    return actor


async def json_object(request: Request) -> dict:
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as e:
        raise ApiError(400, "bad_input", f"malformed JSON ({type(e).__name__})")
    if not isinstance(body, dict):
        raise ApiError(400, "bad_input", "JSON body must be an object")
    return body


def text_field(body: dict, key: str, default: str | None = None, limit: int = 500) -> str:
    value = body.get(key, default)
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise ApiError(400, "bad_input", f"field '{key}' must be a non-empty string")
    if len(str(value)) > limit:
        raise ApiError(400, "bad_input", f"field '{key}' is over {limit} characters")
    return str(value)


@router.post("/actors/{actor_id}/merge", tags=["knowledge base"], responses=WRITE_ERRORS, dependencies=[Writer],
             summary="Merge another actor (id or name) into this one; pinned, survives re-ingest (needs the token)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object", "required": ["other"], "properties": {
                     "other": {"type": "string"}, "reason": {"type": "string"}}},
                 "example": {"other": "D. Kosak", "reason": "same person"}}}}})
async def merge_actor(actor_id: str, request: Request, ctx: Context) -> dict:
    body = await json_object(request)
    other = text_field(body, "other", limit=200)
    reason = text_field(body, "reason", "manual merge via API")
    res = await call(ctx.open_store(), "merge_actors", kb_id(actor_id, "actor"), other, reason)
    if res is None:
        raise ApiError(404, "not_found", "unknown actor (this id or 'other')")
    return res


@router.post("/actors/{actor_id}/split", tags=["knowledge base"], status_code=201, responses=WRITE_ERRORS,
             dependencies=[Writer],
             summary="Move some of an actor's names (and their documents) into a new actor (needs the token)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object", "required": ["names"], "properties": {
                     "names": {"type": "array", "items": {"type": "string"}}, "reason": {"type": "string"}}},
                 "example": {"names": ["Anna Kozak"], "reason": "a different person"}}}}})
async def split_actor(actor_id: str, request: Request, ctx: Context) -> dict:
    body = await json_object(request)
    names = body.get("names")
    if (not isinstance(names, list) or not 1 <= len(names) <= 50
            or not all(isinstance(n, str) and n.strip() and len(n) <= 200 for n in names)):
        raise ApiError(400, "bad_input", "field 'names' must be a list of 1 to 50 non-empty strings")
    reason = text_field(body, "reason", "manual split via API")
    res = await call(ctx.open_store(), "split_actor", kb_id(actor_id, "actor"), names, reason)
    if res is None:
        raise ApiError(404, "not_found", "unknown actor, or it has none of these names")
    return res


@router.get("/claims", tags=["knowledge base"], summary="Claims with their reports, origins and status")
async def list_claims(ctx: Context, store: Store,
                      about: str | None = Query(None, max_length=200, description="actor name"),
                      status: Literal["single-source", "corroborated", "contested"] | None = None,
                      limit: int = 50, offset: int = 0) -> dict:
    limit, offset = page_args(ctx.settings, limit, offset)
    return await call(store, "list_claims", about=about, status=status, limit=limit, offset=offset)


@router.get("/claims/{claim_id}", tags=["knowledge base"], summary="One claim with every report")
async def get_claim(claim_id: str, store: Store) -> dict:
    claim = await call(store, "get_claim", check_id(claim_id, "claim"))
    if claim is None:
        raise ApiError(404, "not_found", "no claim with that id")
    return claim


@router.get("/sources/graph", tags=["knowledge base"],
            summary="Who cites whom: nodes (outlets, persons, anonymous groups) and citation edges")
async def source_graph(store: Store, min_reports: int = Query(1, ge=1, le=1000),
                       max_nodes: int = Query(150, ge=1, le=1000)) -> dict:
    return await call(store, "source_graph", min_reports=min_reports, max_nodes=max_nodes)
