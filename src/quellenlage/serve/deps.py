"""What a request handler needs, as FastAPI dependencies: the server's context, the knowledge base, the token
check, a parsed article, checked ids and paging. Routers declare them; only `get_context` reads `app.state`."""
from __future__ import annotations

import hmac
import re
import threading
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from quellenlage.errors import ModelMissingError, QuellenlageError
from quellenlage.model import Analysis, Article
from quellenlage.serve.analysis import AnalysisPool, AnalysisUnavailable
from quellenlage.serve.errors import ApiError
from quellenlage.serve.inputs import BadInput, TooLarge, article_from_request
from quellenlage.settings import Settings

# Ids are opaque to the client, but never longer than this nor outside this alphabet (refused before any query).
ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
RETRY_AFTER_S = "5"


@dataclass
class ServerContext:
    """Everything one app holds: its settings, its analysis pool and (opened on first use) its knowledge base."""
    settings: Settings
    analysis: AnalysisPool
    store: object | None = None  # serve.store.KBStore, or one injected by tests and benchmarks
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def open_store(self):
        """The knowledge base; 503 when there is none (the server creates one only when writes are enabled)."""
        with self._lock:
            if self.store is None:
                from quellenlage.serve.store import open_store
                try:
                    self.store = open_store(self.settings.db, create=bool(self.settings.token))
                except QuellenlageError as e:
                    raise ApiError(503, "no_knowledge_base", str(e))
            return self.store

    async def analyze(self, article: Article) -> Analysis:
        """The analysis from the worker pool; 503 when the model is missing or the pool cannot do it now."""
        try:
            return await self.analysis.analyze(article)
        except ModelMissingError as e:
            raise ApiError(503, "model_missing", str(e))
        except AnalysisUnavailable as e:
            raise ApiError(503, "analysis_unavailable", str(e), headers={"Retry-After": RETRY_AFTER_S})


def get_context(request: Request) -> ServerContext:
    return request.app.state.context


Context = Annotated[ServerContext, Depends(get_context)]


def get_store(ctx: Context):
    return ctx.open_store()


async def call(store, method: str, *args, **kwargs):
    """A knowledge-base call in a worker thread (the KB is synchronous; the event loop stays free)."""
    return await run_in_threadpool(getattr(store, method), *args, **kwargs)


def require_token(request: Request, ctx: Context) -> None:
    """Writes need `Authorization: Bearer TOKEN` (the scheme in any case, RFC 7235) and a server token."""
    token = ctx.settings.token
    if not token:
        raise ApiError(403, "writes_disabled", "write endpoints are disabled; start the server with --token")
    scheme, _, given = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "missing or wrong token (send 'Authorization: Bearer TOKEN')")


Writer = Depends(require_token)


async def read_article(request: Request, ctx: Context, source: str) -> Article:
    """The article in the request body; 400 (bad input), 413 (too long to analyse) or 415 (content type)."""
    try:
        article = await article_from_request(request, source, ctx.settings.max_chars)
    except TooLarge as e:
        raise ApiError(413, "payload_too_large", str(e))
    except BadInput as e:
        raise ApiError(400, "bad_input", str(e))
    if article is None:
        raise ApiError(415, "unsupported_media_type",
                       "send application/json, multipart/form-data, text/plain or text/html")
    return article


async def api_article(request: Request, ctx: Context) -> Article:
    return await read_article(request, ctx, "<api>")


def check_id(value: str, what: str) -> str:
    """An opaque id from the path: 404 before any query when it cannot be one."""
    if not ID_RE.match(value or ""):
        raise ApiError(404, "not_found", f"no {what} with that id")
    return value


def kb_id(value: str, what: str) -> str:
    """A knowledge-base integer id (writes need one; reads also accept content hashes)."""
    if not check_id(value, what).isdigit():
        raise ApiError(404, "not_found", f"no {what} with that id")
    return value


def page_args(settings: Settings, limit: int, offset: int) -> tuple[int, int]:
    """(limit, offset) within the settings' bounds, else 422: an offset the database cannot hold never reaches it."""
    if not 1 <= limit <= settings.max_page:
        raise ApiError(422, "bad_parameter", f"limit must be between 1 and {settings.max_page}")
    if not 0 <= offset <= settings.max_offset:
        raise ApiError(422, "bad_parameter", f"offset must be between 0 and {settings.max_offset:,}")
    return limit, offset
