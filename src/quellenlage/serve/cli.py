"""CLI commands of quellenlage.serve (registered on the main app by quellenlage.cli)."""
from __future__ import annotations

from typing import Annotated

import typer

from quellenlage.cli_options import DbOption, TokenOption
from quellenlage.settings import DEFAULTS, Settings


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option("--host", help="Interface to bind. The default is loopback only; "
                                                         "use 0.0.0.0 only behind a proxy you trust.")] = DEFAULTS.host,
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = DEFAULTS.port,
        db: DbOption = None,
        token: TokenOption = None,
        max_body: Annotated[int, typer.Option("--max-body-bytes", min=1, help="Refuse request bodies over this "
                                                                             "size.")] = DEFAULTS.max_body_bytes,
        workers: Annotated[int, typer.Option("--analysis-workers", min=1, max=64,
                                             help="Processes that analyse posted articles (each loads the "
                                                  "pipeline).")] = DEFAULTS.analysis_workers,
        timeout: Annotated[float, typer.Option("--analysis-timeout", min=0.1,
                                               help="Seconds one analysis may take; longer ones are stopped and "
                                                    "answered 503.")] = DEFAULTS.analysis_timeout_s,
    ):
        """Web UI and HTTP API: read articles with their sources laid bare, browse actors, claims and sources.

        \b
        Example:
            quellenlage serve --db quellenlage.sqlite
            quellenlage serve --port 8080 --token "$(openssl rand -hex 16)"
        Then open http://127.0.0.1:8000/ (API docs at /docs).
        """
        import uvicorn

        from quellenlage.serve.app import create_app

        settings = Settings.from_env(db=db, token=token or None, max_body_bytes=max_body,
                                     analysis_workers=workers, analysis_timeout_s=timeout)
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(f"warning: listening on {host}; anyone who can reach it can read the knowledge base",
                       err=True)
        typer.echo(f"quellenlage: http://{host}:{port}/  (db {settings.db}; writes "
                   f"{'enabled with token' if settings.token else 'disabled'})", err=True)
        uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level,
                    server_header=False, limit_concurrency=64, timeout_keep_alive=5)
