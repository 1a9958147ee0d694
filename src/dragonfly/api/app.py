"""The app factory: settings, pool, error shape, request ids, routers and the dashboard."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import Depends, FastAPI
from psycopg_pool import ConnectionPool

from dragonfly import __version__
from dragonfly.api.body_limit import BodySizeLimitMiddleware
from dragonfly.api.dashboard_files import mount_dashboard
from dragonfly.api.deps import refuse_nul_bytes
from dragonfly.api.errors import ERROR_RESPONSES, install_error_handlers
from dragonfly.api.file_download import ExportSlots
from dragonfly.api.logs import install_log_filters
from dragonfly.api.origin_check import OriginCheckMiddleware
from dragonfly.api.request_context import RequestIdMiddleware
from dragonfly.api.routes import ROUTERS
from dragonfly.api.security import CookieSigner, resolve_secret_key
from dragonfly.api.security_headers import SecurityHeadersMiddleware
from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import resolve_database_url, set_statement_timeout
from dragonfly.jobs.app import deferring_app
from dragonfly.jobs.liveness import WorkerWatch

POOL_MAX_SIZE = 10


def _open_pool(url: str, name: str, size: int, timeout_seconds: float) -> ConnectionPool:
    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        kwargs={"autocommit": True},
        configure=partial(set_statement_timeout, seconds=timeout_seconds),
        open=False,
        name=name,
    )
    pool.open(wait=False)
    return pool


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    url = resolve_database_url(settings)
    install_log_filters(settings)
    app.state.database_url = url
    app.state.pool = _open_pool(
        url, "dragonfly-api", POOL_MAX_SIZE, settings.dragonfly_api_statement_timeout
    )
    export_pool = _open_pool(
        url,
        "dragonfly-exports",
        max(1, settings.dragonfly_export_connections),
        settings.dragonfly_export_statement_timeout,
    )
    app.state.exports = ExportSlots(export_pool, max(1, settings.dragonfly_exports_per_user))
    app.state.jobs = deferring_app(app.state.pool)
    app.state.worker_watch = WorkerWatch()
    try:
        yield
    finally:
        app.state.jobs.close()
        export_pool.close()
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
        dependencies=[Depends(refuse_nul_bytes)],
    )
    app.state.settings = settings
    app.state.signer = CookieSigner(resolve_secret_key(settings))
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, responses=ERROR_RESPONSES)
    mount_dashboard(app)
    # Listed innermost first: the security headers go on every response, errors included.
    app.add_middleware(OriginCheckMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        limit=settings.dragonfly_request_max_bytes,
        upload_limit=settings.dragonfly_import_max_bytes,
    )
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(
        SecurityHeadersMiddleware,
        hsts_seconds=settings.dragonfly_hsts_seconds,
        production=settings.dragonfly_env == "production",
    )
    return app
