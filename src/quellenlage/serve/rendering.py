"""Server-rendered HTML: the Jinja environment (autoescaping on), security headers, and data safe inside pages."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from quellenlage import __version__

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    # No inline scripts or remote resources: escaped article text cannot run code even if escaping failed.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def web_url(url: str | None) -> str | None:
    """Only http(s) links leave the page: a `javascript:` or `data:` URL from an article is not linked."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def json_for_script(data) -> Markup:
    """JSON safe inside <script type="application/json">: '<', '>' and '&' become \\u escapes, so text from an
    article can never close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@functools.lru_cache(maxsize=1)
def templates() -> Environment:
    """The one Jinja environment of the package's templates (autoescaping on for every template)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    env.filters["web_url"] = web_url
    return env


def render(template: str, http_status: int = 200, **ctx) -> HTMLResponse:
    """A page from `template` with the security headers."""
    html = templates().get_template(template).render(**ctx)
    return HTMLResponse(html, status_code=http_status, headers=SECURITY_HEADERS)
