"""The public probes the release pipeline and load balancers read."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from dragonfly import __version__
from dragonfly.api.readiness import build_commit, check_readiness, expected_schema_version

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    schema_version: str


class NotReady(BaseModel):
    status: Literal["not_ready"] = "not_ready"
    reason: str


class Version(BaseModel):
    version: str
    commit: str | None
    schema_version: str


@router.get("/health", response_model=Health)
def health() -> Health:
    """The process is alive (says nothing about the database)."""
    return Health()


@router.get("/readyz", response_model=Ready, responses={503: {"model": NotReady}})
def readyz(request: Request) -> Ready | JSONResponse:
    """Ready when the database answers, its schema is the one this build expects, and background
    jobs have a worker (checked when one is expected or a job is waiting; see
    DRAGONFLY_WORKER_MISSING_AFTER)."""
    app_state = request.app.state
    state = check_readiness(app_state.pool, app_state.settings, app_state.worker_watch)
    if not state.ready or state.schema_version is None:
        body = NotReady(reason=state.reason or "not ready")
        return JSONResponse(body.model_dump(), status_code=503)
    return Ready(schema_version=state.schema_version)


@router.get("/version", response_model=Version)
def version(request: Request) -> Version:
    return Version(
        version=__version__,
        commit=build_commit(request.app.state.settings),
        schema_version=expected_schema_version(),
    )
