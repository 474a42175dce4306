"""CLI commands of quellenlage.serve (registered on the main app by quellenlage.cli)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""
