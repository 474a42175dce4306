"""Fixtures for the web UI and API tests; the helpers they use live in serve_helpers.py."""
from __future__ import annotations

import pytest

from quellenlage.extract import FunctionExtractor

from .serve_helpers import AUTH, TOKEN, kozak_text, known_analysis


@pytest.fixture
def app_factory():
    """create_app with the stand-in analyser; pass store=... or config=... as needed."""
    from quellenlage.serve.app import create_app
    from quellenlage.settings import Settings

    def make(store=None, **settings):
        return create_app(Settings(**settings), extractor=FunctionExtractor(known_analysis), store=store)

    return make


@pytest.fixture
def client(app_factory):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def kb_client(app_factory, tmp_path):
    """A client over a fresh SQLite knowledge base holding the Kozak report (stand-in analysis), writes enabled."""
    from fastapi.testclient import TestClient

    app = app_factory(db=str(tmp_path / "kb.sqlite"), token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/documents", json={"text": kozak_text(), "title": "Kozak-Bericht", "outlet": "Testportal",
                                           "date": "2024-06-01"}, headers=AUTH)
        assert r.status_code == 201, r.text
        c.doc = r.json()
        yield c
