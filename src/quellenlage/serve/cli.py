"""CLI commands of quellenlage.serve (registered on the main app by quellenlage.cli)."""
from __future__ import annotations

import os

import typer

DEFAULT_DB = "quellenlage.sqlite"


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind. The default is loopback only; "
                                                            "use 0.0.0.0 only behind a proxy you trust."),
        port: int = typer.Option(8000, "--port", help="TCP port."),
        db: str = typer.Option(DEFAULT_DB, "--db", help="Knowledge base: a SQLite file or a postgresql:// URL."),
        token: str = typer.Option(None, "--token", envvar="QUELLENLAGE_TOKEN",
                                  help="Enables the write endpoints (POST /api/documents) for clients that send "
                                       "'Authorization: Bearer TOKEN'. Without it the server is read-only."),
        max_body: int = typer.Option(4_000_000, "--max-body-bytes", help="Refuse request bodies over this size."),
    ):
        """Web UI and HTTP API: read articles with their sources laid bare, browse actors, claims and sources.

        \b
        Example:
            quellenlage serve --db quellenlage.sqlite
            quellenlage serve --port 8080 --token "$(openssl rand -hex 16)"
        Then open http://127.0.0.1:8000/ (API docs at /docs).
        """
        import uvicorn

        from quellenlage.serve.app import ServeConfig, create_app

        config = ServeConfig(db=db, token=token or None, max_body_bytes=max_body)
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(f"warning: listening on {host}; anyone who can reach it can read the knowledge base",
                       err=True)
        typer.echo(f"quellenlage: http://{host}:{port}/  (db {db}; writes "
                   f"{'enabled with token' if token else 'disabled'})", err=True)
        uvicorn.run(create_app(config), host=host, port=port, log_level=os.environ.get("QL_LOG", "info"),
                    server_header=False, limit_concurrency=64, timeout_keep_alive=5)
