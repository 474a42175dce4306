"""Write analysis results as JSON, JSON Lines, a readable text report or HTML; count the failures."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from quellenlage.model import Analysis, InputError


def _progress(console: Console, total: int) -> Progress:
    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, transient=True)


def write_results(results: Iterable[Analysis | InputError], fmt: str, output: Path | None, total: int,
                  show_progress: bool, console: Console) -> int:
    """Stream results to `output` (or stdout); errors are reported on stderr and in the JSON. Returns #failed."""
    from quellenlage.report import render_html, render_text

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    failed = 0
    collected: list[dict] = []
    progress = _progress(console, total) if show_progress else None
    task = progress.add_task("analyse", total=total) if progress else None
    try:
        if progress:
            progress.start()
        for res in results:
            if isinstance(res, InputError):
                failed += 1
                console.print(f"[red]error:[/red] {res.source_path}: {res.error}")
            else:
                if res.document.encoding not in (None, "utf-8", "utf-8-sig", "ascii"):
                    console.print(f"[yellow]note:[/yellow] {res.document.source_path}: not UTF-8, decoded as "
                                  f"{res.document.encoding}")
                for warning in res.warnings:
                    console.print(f"[yellow]note:[/yellow] {res.document.source_path}: {escape(warning)}")
            if progress:
                progress.advance(task)
            if fmt == "jsonl":
                out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
            elif fmt == "json":
                collected.append(res.to_dict())
            elif isinstance(res, Analysis):
                out.write(render_text(res) if fmt == "text" else render_html(res))
                out.write("\n")
        if fmt == "json":
            payload = collected[0] if len(collected) == 1 else collected
            out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    finally:
        if progress:
            progress.stop()
        if output:
            out.close()
    return failed
