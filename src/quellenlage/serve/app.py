"""The FastAPI application: JSON API under /api, server-rendered pages elsewhere, OpenAPI at /docs.

Thin by design: handlers parse input and call the analysis and knowledge-base APIs (quellenlage.analyze,
quellenlage.kb through `serve.store`). Every error leaves as JSON (API) or an escaped page (web), never a traceback.
"""
from __future__ import annotations

import hmac
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from quellenlage import __version__
from quellenlage.errors import ModelMissingError, QuellenlageError
from quellenlage.model import Analysis, Article
from quellenlage.settings import DEFAULTS
from quellenlage.serve.analyzer import Analyzer, AnalyzeFn
from quellenlage.serve.inputs import (MAX_TEXT_CHARS, BadInput, article_from_bytes, article_from_fields,
                                      article_from_json)
from quellenlage.serve.limits import DEFAULT_MAX_BODY_BYTES, BodyLimitMiddleware

log = logging.getLogger("quellenlage.serve")
HERE = Path(__file__).parent
# Ids are opaque to the client, but never longer than this nor outside this alphabet (refused before any query).
ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
MAX_PAGE = DEFAULTS.max_page


@dataclass
class ServeConfig:
    """Server settings; the CLI builds one from its flags."""
    db: str | None = None
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_text_chars: int = MAX_TEXT_CHARS


class ApiError(Exception):
    """An error with an HTTP status and a message meant for the client."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message
        super().__init__(message)


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    env.filters["web_url"] = web_url
    return env


def web_url(url: str | None) -> str | None:
    """Only http(s) links leave the page: a `javascript:` or `data:` URL from an article is not linked."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def check_id(value: str, what: str) -> str:
    if not ID_RE.match(value or ""):
        raise ApiError(404, "not_found", f"no {what} with that id")
    return value


def kb_id(value: str, what: str) -> str:
    """A knowledge-base integer id (writes need one; reads also accept content hashes)."""
    if not check_id(value, what).isdigit():
        raise ApiError(404, "not_found", f"no {what} with that id")
    return value


def page_args(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_PAGE:
        raise ApiError(422, "bad_parameter", f"limit must be between 1 and {MAX_PAGE}")
    if offset < 0:
        raise ApiError(422, "bad_parameter", "offset must not be negative")
    return limit, offset


def create_app(config: ServeConfig | None = None, analyze: AnalyzeFn | None = None, store=None) -> FastAPI:
    """Build the app. `analyze` and `store` may be injected (tests, benchmarks); by default the bundled
    pipeline is loaded on first use and the knowledge base at `config.db` is opened on first use."""
    config = config or ServeConfig()
    app = FastAPI(title="quellenlage", version=__version__, docs_url=None, redoc_url=None,
                  description="Who claims what about whom, according to whom: analysis and knowledge-base API. "
                              "Write endpoints need `Authorization: Bearer TOKEN` and are disabled unless the "
                              "server was started with `--token`.")
    app.state.config = config
    app.state.analyzer = Analyzer(analyze)
    app.state.store = store
    env = _templates()
    app.add_middleware(BodyLimitMiddleware, limit=config.max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def render(template: str, http_status: int = 200, **ctx) -> HTMLResponse:
        html = env.get_template(template).render(**ctx)
        return HTMLResponse(html, status_code=http_status, headers=SECURITY_HEADERS)

    def get_store():
        if app.state.store is None:
            from quellenlage.serve.store import open_store
            try:
                app.state.store = open_store(config.db, create=bool(config.token))
            except QuellenlageError as e:
                raise ApiError(503, "no_knowledge_base", str(e))
        return app.state.store

    app.state.get_store = get_store

    # ---------- errors: JSON under /api, a page elsewhere ----------
    def error_response(request: Request, status: int, code: str, message: str):
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return render("error.html", http_status=status, status_code=status, message=message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        code = {400: "bad_input", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return error_response(request, 422, "bad_parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal_error", "internal error; see the server log")

    # ---------- helpers ----------
    async def article_from_request(request: Request, source: str) -> Article:
        """JSON {text|html,...}, a form (fields or a `file` upload), or a raw text/plain or text/html body."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        limit = config.max_text_chars
        try:
            if ctype == "application/json":
                return article_from_json(await request.body(), source, limit)
            if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
                form = await request.form(max_files=1, max_fields=20)
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                upload = form.get("file")
                if upload is not None and not isinstance(upload, str) and upload.filename:
                    data = await upload.read()
                    return article_from_bytes(data, upload.filename or source, upload.filename, fields, limit)
                return article_from_fields(fields, source, limit)
            if ctype in ("text/plain", "text/html", ""):
                body = await request.body()
                return article_from_bytes(body, source, "x.html" if ctype == "text/html" else None, None, limit)
        except BadInput as e:
            raise ApiError(400, "bad_input", str(e))
        raise ApiError(415, "unsupported_media_type",
                       "send application/json, multipart/form-data, text/plain or text/html")

    async def run_analysis(article: Article) -> Analysis:
        try:
            return await run_in_threadpool(app.state.analyzer, article)
        except ModelMissingError as e:
            raise ApiError(503, "model_missing", str(e))

    def require_token(request: Request) -> None:
        if not config.token:
            raise ApiError(403, "writes_disabled", "write endpoints are disabled; start the server with --token")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {config.token}".encode()):
            raise ApiError(401, "unauthorized", "missing or wrong token (send 'Authorization: Bearer TOKEN')")

    app.state.article_from_request = article_from_request
    app.state.run_analysis = run_analysis
    app.state.require_token = require_token

    from quellenlage.serve import api, pages
    app.include_router(api.router(app))
    app.include_router(pages.router(app, render))

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def _docs():
        """API reference rendered from the OpenAPI schema on the server (Swagger UI would need a CDN)."""
        return render("apidocs.html", nav="api", ops=api_operations(app.openapi()))

    @app.get("/favicon.ico", include_in_schema=False)
    async def _favicon():
        return RedirectResponse("/static/favicon.svg")

    return app


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


SECURITY_HEADERS = {
    # No inline scripts or remote resources: escaped article text cannot run code even if escaping failed.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
