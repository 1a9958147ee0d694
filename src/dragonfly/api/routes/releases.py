"""Release runs for the dashboard's Releases page and the overview."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from dragonfly.api.deps import Conn, CurrentUser
from dragonfly.api.models import EntityId, Page, PageNumber, PageSize
from dragonfly.errors import NotFound
from dragonfly.release.runs import RunRow, count_runs, find_run, list_runs

router = APIRouter(prefix="/api/v1/releases", tags=["releases"])


class StepOut(BaseModel):
    position: int
    name: str
    status: str
    message: str
    duration_ms: int | None


class RunOut(BaseModel):
    id: int
    commit_sha: str | None
    author: str | None
    branch: str | None
    run_url: str | None
    outcome: str
    exit_code: int | None
    failed_step: str | None
    summary: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    steps: list[StepOut]


@router.get("", response_model=Page[RunOut])
def releases_index(
    user: CurrentUser, conn: Conn, page: PageNumber = 1, page_size: PageSize = 20
) -> dict[str, Any]:
    items = list_runs(conn, limit=page_size, offset=(page - 1) * page_size)
    return {"items": items, "total": count_runs(conn), "page": page, "page_size": page_size}


@router.get("/{run_id}", response_model=RunOut)
def releases_show(run_id: EntityId, user: CurrentUser, conn: Conn) -> RunRow:
    run = find_run(conn, run_id)
    if run is None:
        raise NotFound(f"No release run with id {run_id}.")
    return run
