"""JSON endpoints under /api. Each parses its input and calls the analysis or the knowledge-base store."""
from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool

from quellenlage.model import content_id
from quellenlage.serve.app import ApiError, check_id, kb_id, page_args

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
ERRORS = {400: {"description": "bad input (JSON error object)"}, 413: {"description": "body too large"},
          415: {"description": "unsupported content type"}, 503: {"description": "model or knowledge base missing"}}


def router(app: FastAPI) -> APIRouter:
    r = APIRouter(prefix="/api")
    st = app.state

    async def store_call(name: str, *args, **kwargs):
        store = st.get_store()
        return await run_in_threadpool(getattr(store, name), *args, **kwargs)

    @r.post("/analyze", tags=["analysis"], openapi_extra=ARTICLE_BODY, responses=ERRORS,
            summary="Analyse one article without storing it; returns the quellenlage/1 JSON")
    async def analyze(request: Request) -> dict:
        article = await st.article_from_request(request, "<api>")
        analysis = await st.run_analysis(article)
        return analysis.to_dict()

    @r.post("/documents", tags=["knowledge base"], status_code=201, openapi_extra=ARTICLE_BODY,
            responses={**ERRORS, 401: {"description": "wrong token"}, 403: {"description": "writes disabled"}},
            summary="Analyse an article and store it in the knowledge base (needs the server's token)")
    async def add_document(request: Request) -> dict:
        st.require_token(request)
        article = await st.article_from_request(request, "<api>")
        # The KB treats texts with the same url (else source path) as revisions of one article: without a url,
        # each distinct text is its own document, so two unrelated posts never overwrite each other.
        name = "" if article.source_path == "<api>" else f"{article.source_path}:"
        article.source_path = f"api:{name}{content_id(article.text)}"
        analysis = await st.run_analysis(article)
        return await store_call("add_analysis", analysis)

    @r.get("/documents", tags=["knowledge base"], summary="Stored documents, newest first")
    async def list_documents(limit: int = 50, offset: int = 0) -> dict:
        limit, offset = page_args(limit, offset)
        return await store_call("list_documents", limit=limit, offset=offset)

    @r.get("/documents/{doc_id}", tags=["knowledge base"],
           summary="One stored document as quellenlage/1 JSON (id: the content hash of its text)")
    async def get_document(doc_id: str) -> dict:
        analysis = await store_call("get_analysis", check_id(doc_id, "document"))
        if analysis is None:
            raise ApiError(404, "not_found", "no document with that id")
        return analysis.to_dict()

    @r.get("/actors", tags=["knowledge base"], summary="Actors, most documents first; `q` filters by name")
    async def list_actors(q: str | None = Query(None, max_length=200), limit: int = 50, offset: int = 0) -> dict:
        limit, offset = page_args(limit, offset)
        return await store_call("list_actors", q=q, limit=limit, offset=offset)

    @r.get("/actors/{actor_id}", tags=["knowledge base"],
           summary="One actor: names, roles, and a timeline of what they said and what was said about them")
    async def get_actor(actor_id: str, limit: int = 200) -> dict:
        limit, _ = page_args(limit, 0)
        actor = await store_call("get_actor", check_id(actor_id, "actor"), limit=limit)
        if actor is None:
            raise ApiError(404, "not_found", "no actor with that id")
        return actor

    async def json_object(request: Request) -> dict:
        try:
            body = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ApiError(400, "bad_input", f"malformed JSON ({e})")
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

    @r.post("/actors/{actor_id}/merge", tags=["knowledge base"], responses=WRITE_ERRORS,
            summary="Merge another actor (id or name) into this one; pinned, survives re-ingest (needs the token)",
            openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                "schema": {"type": "object", "required": ["other"], "properties": {
                    "other": {"type": "string"}, "reason": {"type": "string"}}},
                "example": {"other": "D. Kosak", "reason": "same person"}}}}})
    async def merge_actor(actor_id: str, request: Request) -> dict:
        st.require_token(request)
        body = await json_object(request)
        other = text_field(body, "other", limit=200)
        reason = text_field(body, "reason", "manual merge via API")
        res = await store_call("merge_actors", kb_id(actor_id, "actor"), other, reason)
        if res is None:
            raise ApiError(404, "not_found", "unknown actor (this id or 'other')")
        return res

    @r.post("/actors/{actor_id}/split", tags=["knowledge base"], status_code=201, responses=WRITE_ERRORS,
            summary="Move some of an actor's names (and their documents) into a new actor (needs the token)",
            openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                "schema": {"type": "object", "required": ["names"], "properties": {
                    "names": {"type": "array", "items": {"type": "string"}}, "reason": {"type": "string"}}},
                "example": {"names": ["Anna Kozak"], "reason": "a different person"}}}}})
    async def split_actor(actor_id: str, request: Request) -> dict:
        st.require_token(request)
        body = await json_object(request)
        names = body.get("names")
        if (not isinstance(names, list) or not 1 <= len(names) <= 50
                or not all(isinstance(n, str) and n.strip() and len(n) <= 200 for n in names)):
            raise ApiError(400, "bad_input", "field 'names' must be a list of 1 to 50 non-empty strings")
        reason = text_field(body, "reason", "manual split via API")
        res = await store_call("split_actor", kb_id(actor_id, "actor"), names, reason)
        if res is None:
            raise ApiError(404, "not_found", "unknown actor, or it has none of these names")
        return res

    @r.get("/claims", tags=["knowledge base"], summary="Claims with their reports, origins and status")
    async def list_claims(about: str | None = Query(None, max_length=200, description="actor name"),
                          status: Literal["single-source", "corroborated", "contested"] | None = None,
                          limit: int = 50, offset: int = 0) -> dict:
        limit, offset = page_args(limit, offset)
        return await store_call("list_claims", about=about, status=status, limit=limit, offset=offset)

    @r.get("/claims/{claim_id}", tags=["knowledge base"], summary="One claim with every report")
    async def get_claim(claim_id: str) -> dict:
        claim = await store_call("get_claim", check_id(claim_id, "claim"))
        if claim is None:
            raise ApiError(404, "not_found", "no claim with that id")
        return claim

    @r.get("/sources/graph", tags=["knowledge base"],
           summary="Who cites whom: nodes (outlets, persons, anonymous groups) and citation edges")
    async def source_graph(min_reports: int = Query(1, ge=1, le=1000),
                           max_nodes: int = Query(150, ge=1, le=1000)) -> dict:
        return await store_call("source_graph", min_reports=min_reports, max_nodes=max_nodes)

    return r
