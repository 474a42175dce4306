"""Paths and a CLI runner shared by the tests (a module of its own: each test folder has its own conftest)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUELLENLAGE_SHARED", ROOT.parent / "shared"))
KOZAK = SHARED / "examples" / "kozak-nyt-report.de.txt"


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m quellenlage ...` as a user would; returns the completed process (bytes output)."""
    return subprocess.run([sys.executable, "-m", "quellenlage", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, timeout=600)
