"""Main text, title and date of a web page, through trafilatura."""
from __future__ import annotations

import trafilatura

from quellenlage.errors import IngestError
from quellenlage.model import Article


def looks_like_html(text: str) -> bool:
    """Sniff HTML in stdin or extension-less files: a leading tag or doctype."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<meta"))


def article_from_html(html: str, source: str, url: str | None = None) -> Article:
    """Extract the article body; boilerplate (menus, comments, footers) is dropped by trafilatura."""
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as e:  # trafilatura raises lxml errors on some broken markup
        raise IngestError(source, f"broken HTML, cannot parse ({type(e).__name__}: {e})")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise IngestError(source, "HTML without extractable main text (broken or empty page)")
    return Article(text=text, source_path=source, title=getattr(doc, "title", None),
                   date=getattr(doc, "date", None), outlet=getattr(doc, "sitename", None),
                   url=url or getattr(doc, "url", None), language=getattr(doc, "language", None) or None)
