"""The app factory: settings, pool, error shape, request ids, routers and the dashboard."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from psycopg_pool import ConnectionPool

from dragonfly import __version__
from dragonfly.api.dashboard_files import mount_dashboard
from dragonfly.api.errors import ERROR_RESPONSES, install_error_handlers
from dragonfly.api.logs import install_log_filters
from dragonfly.api.request_context import RequestIdMiddleware
from dragonfly.api.routes import ROUTERS
from dragonfly.api.security import CookieSigner, resolve_secret_key
from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import resolve_database_url
from dragonfly.jobs.app import deferring_app
from dragonfly.jobs.liveness import WorkerWatch

POOL_MAX_SIZE = 10


def _open_pool(url: str) -> ConnectionPool:
    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=POOL_MAX_SIZE,
        kwargs={"autocommit": True},
        open=False,
        name="dragonfly-api",
    )
    pool.open(wait=False)
    return pool


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    url = resolve_database_url(settings)
    install_log_filters(settings)
    app.state.database_url = url
    app.state.pool = _open_pool(url)
    app.state.jobs = deferring_app(app.state.pool)
    app.state.worker_watch = WorkerWatch()
    try:
        yield
    finally:
        app.state.jobs.close()
        app.state.pool.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new API app. Nothing connects until the server starts it (its lifespan)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Dragonfly API",
        version=__version__,
        description="Judgment enforcement for New York civil money judgments. "
        "Every route but /health, /readyz, /version and login needs a session or bearer token.",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.signer = CookieSigner(resolve_secret_key(settings))
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, responses=ERROR_RESPONSES)
    mount_dashboard(app)
    app.add_middleware(RequestIdMiddleware)
    return app
