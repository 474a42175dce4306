"""The FastAPI application: JSON API under /api, server-rendered pages elsewhere, OpenAPI at /docs.

Thin by design: the routers (`api.py`, `pages.py`) live at module level and take what they need as dependencies
(`deps.py`); this module only assembles them with one `ServerContext` per app. Analyses run in a bounded pool of
worker processes with a time limit (`analysis.py`); every error leaves as JSON (API) or an escaped page (web),
never a traceback (`errors.py`).
"""
from __future__ import annotations

import contextlib

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from quellenlage import __version__
from quellenlage.serve import api, pages
from quellenlage.extract import Extractor
from quellenlage.serve.analysis import AnalysisPool
from quellenlage.serve.deps import ServerContext
from quellenlage.serve.errors import install_error_handlers
from quellenlage.serve.limits import BodyLimitMiddleware
from quellenlage.serve.rendering import HERE
from quellenlage.settings import Settings

DESCRIPTION = ("Who claims what about whom, according to whom: analysis and knowledge-base API. Write endpoints "
               "need `Authorization: Bearer TOKEN` and are disabled unless the server was started with `--token`.")


def create_app(settings: Settings | None = None, extractor: Extractor | None = None, store=None) -> FastAPI:
    """Build the app. `extractor` (quellenlage.extract; picklable: it runs in the worker processes) and `store` may
    be injected (tests, benchmarks); by default the bundled language packs are loaded in the workers on first use
    and the knowledge base at `settings.db` is opened on first use."""
    settings = settings or Settings.from_env()
    context = ServerContext(settings, AnalysisPool(extractor, settings), store)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        try:
            yield
        finally:
            context.analysis.close()

    app = FastAPI(title="quellenlage", version=__version__, docs_url=None, redoc_url=None, description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.context = context
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
