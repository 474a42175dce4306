"""Turn what a client sends (JSON, form fields, an uploaded file, a raw body) into an `Article`."""
from __future__ import annotations

import json

from quellenlage.errors import IngestError
from quellenlage.ingest.decode import decode_bytes
from quellenlage.ingest.html import article_from_html, looks_like_html
from quellenlage.model import Article
from quellenlage.settings import DEFAULTS

MAX_TEXT_CHARS = DEFAULTS.max_chars
META_FIELDS = ("title", "date", "outlet", "url", "language")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


class BadInput(ValueError):
    """The request does not hold an article we can analyse; the message is shown to the client as is."""


class TooLarge(BadInput):
    """The article is longer than one document may be (answered 413)."""


def _meta(fields: dict) -> dict:
    """Optional article metadata: strings only, short, never required."""
    out = {}
    for k in META_FIELDS:
        v = fields.get(k)
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            raise BadInput(f"field '{k}' must be a string")
        if len(v) > 2000:
            raise BadInput(f"field '{k}' is over 2,000 characters")
        out[k] = v
    return out


def _checked(article: Article, max_chars: int) -> Article:
    if not article.text.strip():
        raise BadInput("empty text: nothing to analyse")
    if len(article.text) > max_chars:
        raise TooLarge(f"text over {max_chars:,} characters; send at most {max_chars:,} characters per article")
    return article


def article_from_fields(fields: dict, source: str, max_chars: int = MAX_TEXT_CHARS) -> Article:
    """`text` (plain text) or `html` (a web page, main text extracted by trafilatura), plus optional metadata."""
    text, page = fields.get("text"), fields.get("html")
    if text not in (None, "") and page not in (None, ""):
        raise BadInput("send either 'text' or 'html', not both")
    meta = _meta(fields)
    if isinstance(page, str) and page.strip():
        try:
            art = article_from_html(page, source, url=meta.get("url"))
        except IngestError as e:
            raise BadInput(e.reason) from None
        for k, v in meta.items():  # what the client states wins over what the page suggests
            if k != "language" or "language" in fields:
                setattr(art, k, v)
        return _checked(art, max_chars)
    if not isinstance(text, str):
        raise BadInput("missing field 'text' (plain text) or 'html' (a web page)")
    return _checked(Article(text=text, source_path=source, **meta), max_chars)


def article_from_json(body: bytes, source: str, max_chars: int = MAX_TEXT_CHARS) -> Article:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BadInput(f"malformed JSON ({e})") from None
    if not isinstance(data, dict):
        raise BadInput("JSON body must be an object with a 'text' or 'html' field")
    return article_from_fields(data, source, max_chars)


def article_from_bytes(data: bytes, source: str, filename: str | None = None, fields: dict | None = None,
                       max_chars: int = MAX_TEXT_CHARS) -> Article:
    """An uploaded file or raw body: decoded like the CLI does; HTML is recognised by name or by sniffing."""
    try:
        text, _encoding = decode_bytes(data, source)
    except IngestError as e:
        raise BadInput(e.reason) from None
    is_html = (filename or "").lower().endswith(HTML_SUFFIXES) or looks_like_html(text)
    payload = dict(fields or {})
    payload.pop("text", None)
    payload.pop("html", None)
    payload["html" if is_html else "text"] = text
    return article_from_fields(payload, source, max_chars)


async def article_from_request(request, source: str, max_chars: int = MAX_TEXT_CHARS) -> Article | None:
    """JSON {text|html,...}, a form (fields or a `file` upload), or a raw text/plain or text/html body; None for
    any other content type. Raises BadInput (TooLarge for an article over `max_chars`)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return article_from_json(await request.body(), source, max_chars)
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=20)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read()
            return article_from_bytes(data, upload.filename or source, upload.filename, fields, max_chars)
        return article_from_fields(fields, source, max_chars)
    if ctype in ("text/plain", "text/html", ""):
        body = await request.body()
        return article_from_bytes(body, source, "x.html" if ctype == "text/html" else None, None, max_chars)
    return None
