"""Errors leave as JSON under /api and as an escaped page elsewhere, with a stable code; never a traceback."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from quellenlage.serve.rendering import render

log = logging.getLogger("quellenlage.serve")


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a message meant for the client."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        self.status, self.code, self.message, self.headers = status, code, message, headers
        super().__init__(message)


def error_response(request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None):
    """`{"error": {"code", "message"}}` for the API, the error page for people."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
    response = render("error.html", http_status=status, status_code=status, message=message)
    response.headers.update(headers or {})
    return response


async def _api_error(request: Request, exc: ApiError):
    return error_response(request, exc.status, exc.code, exc.message, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException):
    code = {400: "bad_input", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
    return error_response(request, exc.status_code, code, message)


async def _validation_error(request: Request, exc: RequestValidationError):
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return error_response(request, 422, "bad_parameter", "; ".join(parts) or "invalid request")


async def _crash(request: Request, exc: Exception):
    log.exception("unhandled error on %s", request.url.path)
    return error_response(request, 500, "internal_error", "internal error; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    """Every error the app can raise gets one of the answers above."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _crash)
