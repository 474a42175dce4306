"""Shared fixtures: the bundled pipeline (loaded once), paths to ../shared read in place, a CLI runner."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUELLENLAGE_SHARED", ROOT.parent / "shared"))
KOZAK = SHARED / "examples" / "kozak-nyt-report.de.txt"


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


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m quellenlage ...` as a user would; returns the completed process (bytes output)."""
    return subprocess.run([sys.executable, "-m", "quellenlage", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, timeout=600)
