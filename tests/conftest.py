"""Shared fixtures: the bundled pipeline (loaded once) and the real report from ../shared, read in place."""
from __future__ import annotations

import pytest

from qltest import KOZAK


def pytest_configure(config):
    config.addinivalue_line("markers", "issue(n): regression test for an issue")


@pytest.fixture(scope="session")
def nlp():
    from quellenlage.nlp.pipeline import load_pipeline
    return load_pipeline()


@pytest.fixture(scope="session")
def kozak_text() -> str:
    if not KOZAK.exists():
        pytest.fail(f"{KOZAK} missing: tests read the shared examples in place (../shared beside the checkout)")
    return KOZAK.read_text(encoding="utf-8")
