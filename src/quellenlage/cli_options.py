"""Typer options shared by the commands, so one flag means the same thing (name, default, limits, help) everywhere.

In the manner of sqlite-utils' shared option decorators: each option is an `Annotated` type; a command writes
`db: DbOption = None`. Bad values are usage errors (one line, exit status 2) before any work starts.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from quellenlage.settings import DEFAULTS, ENV_DB, ENV_TOKEN

# The largest count or offset a command accepts: SQLite and PostgreSQL integers are 64-bit, and a bigger number
# must be a usage error rather than an OverflowError deep in a query.
MAX_COUNT = 1_000_000_000


def _check_db(value: str | None) -> str | None:
    """A SQLite path must not be a folder (a URL with '://' is checked when it is opened)."""
    if value is not None and not value.strip():
        raise typer.BadParameter("is empty; give a SQLite file path or a postgresql:// URL")
    if value and "://" not in value and os.path.isdir(value):
        raise typer.BadParameter(f"{value} is a folder, not a database file")
    return value


def _check_output(value: Path | None) -> Path | None:
    """An output file: not a folder (click checks that), and its folder must exist."""
    if value is not None and str(value) != "-":
        parent = value.parent if str(value.parent) else Path(".")
        if not parent.is_dir():
            raise typer.BadParameter(f"folder {parent} does not exist")
    return value


DB_HELP = (f"Knowledge base: a SQLite file path (default ./{DEFAULTS.db}) or postgresql://user@host/name; "
           f"also ${ENV_DB}.")

DbOption = Annotated[Optional[str], typer.Option("--db", envvar=ENV_DB, show_envvar=False, help=DB_HELP,
                                                 callback=_check_db)]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse inputs with more text than this.")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, callback=_check_output,
                                                      help="Write here instead of stdout.")]
def _check_language(value: str | None) -> str | None:
    """A language that has a pack (quellenlage.lang.detect.PACK_LANGUAGES), lowercased."""
    from quellenlage.lang.detect import PACK_LANGUAGES

    if value is not None and value.strip().lower() not in PACK_LANGUAGES:
        raise typer.BadParameter(f"{value!r} has no language pack; choose one of {', '.join(PACK_LANGUAGES)}")
    return value.strip().lower() if value is not None else None


LanguageOption = Annotated[Optional[str], typer.Option(
    "--language", "-l", callback=_check_language,
    help="The language of every input (de, en); default: each document's own, as its JSON record or HTML page "
         "names it, else detected.")]
ProgressOption = Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, max=256,
                                         help="Analyse in this many parallel processes.")]
TokenOption = Annotated[Optional[str], typer.Option(
    "--token", envvar=ENV_TOKEN, show_envvar=False,
    help=f"Enables the write endpoints (POST /api/documents) for clients that send 'Authorization: Bearer TOKEN' "
         f"(also ${ENV_TOKEN}). Without it the server is read-only.")]


def limit_option(help: str) -> typer.models.OptionInfo:
    """`--limit N`: at least 1, at most MAX_COUNT."""
    return typer.Option("--limit", min=1, max=MAX_COUNT, help=help)
