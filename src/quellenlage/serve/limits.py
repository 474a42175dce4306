"""Request size limit as a pure ASGI middleware: a body over the limit is refused before any handler reads it."""
from __future__ import annotations

import json

from quellenlage.settings import DEFAULTS

DEFAULT_MAX_BODY_BYTES = DEFAULTS.max_body_bytes


async def _send_413(send, limit: int) -> None:
    body = json.dumps({"error": {"code": "payload_too_large",
                                 "message": f"request body over {limit:,} bytes"}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Buffer at most `limit` bytes of a request body; more (declared or streamed) gets a 413 JSON error.

    Counting the streamed bytes matters: a chunked upload has no Content-Length to check up front.
    """

    def __init__(self, app, limit: int = DEFAULT_MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                if int(declared) > self.limit:
                    return await _send_413(send, self.limit)
            except ValueError:
                return await _send_413(send, self.limit)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await _send_413(send, self.limit)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
