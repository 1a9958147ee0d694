"""Papers in bulk: start a run (a background job), follow it, download its merged PDF and zip;
confirm that a paper was served or mailed, which moves its action forward."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.file_download import file_download
from dragonfly.api.models import EntityId
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import NotFound
from dragonfly.jobs.app import PAPER_RUN_TASK
from dragonfly.jobs.paper_runs import paper_run_progress
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.papers.confirmations import ServiceWay, confirm_served
from dragonfly.papers.merge import zip_stream
from dragonfly.papers.runs import (
    MAX_JUDGMENTS,
    attach_run_job,
    get_run,
    merged_parts,
    run_papers_for_zip,
    start_run,
)

router = APIRouter(prefix="/api/v1", tags=["papers"])


class NewRun(BaseModel):
    kind: PaperKind
    judgment_ids: Annotated[
        list[Annotated[int, Field(ge=1, le=2**62)]],
        Field(min_length=1, max_length=MAX_JUDGMENTS),
    ]


class RunProgress(BaseModel):
    total: int
    done: int
    made: int
    refused: int
    pages: int


class RefusalOut(BaseModel):
    judgment_id: int
    index_number: str | None
    reason: str = Field(description="Why no paper was made for this judgment, in plain words.")


class RunOut(BaseModel):
    id: int
    kind: PaperKind
    status: Literal["queued", "running", "succeeded", "failed"]
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    progress: RunProgress
    refusals: list[RefusalOut]
    merged_pdf: str | None = Field(description="Download link, once the run has succeeded.")
    zip: str | None = Field(description="Download link, once the run has succeeded.")
    merged_sha256: str | None


class RunAccepted(BaseModel):
    id: int
    job_id: int
    status_url: str


class Served(BaseModel):
    how: ServiceWay = Field(description="served (in person or as the law allows) or mailed")
    on: date = Field(description="The day it was served or mailed: not in the future.")


class ServedOut(BaseModel):
    id: int
    document_id: int
    how: ServiceWay
    done_on: date
    action_id: int | None
    created_by: str
    created_at: datetime


@router.post("/paper-runs", response_model=RunAccepted, status_code=202)
def paper_runs_start(body: NewRun, user: Writer, conn: Conn, request: Request) -> dict[str, Any]:
    """Queue a run making `kind` for each judgment; poll `status_url` for its progress."""
    ensure_job_schema(request.app.state.database_url)
    run_id = start_run(conn, body.kind, body.judgment_ids, actor=user.email)
    job_id = request.app.state.jobs.configure_task(PAPER_RUN_TASK).defer(run_id=run_id)
    attach_run_job(conn, run_id, job_id)
    return {"id": run_id, "job_id": job_id, "status_url": f"/api/v1/paper-runs/{run_id}"}


@router.get("/paper-runs/{run_id}", response_model=RunOut)
def paper_runs_show(run_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """The run's status, how many papers are made and refused so far, and each refusal's reason."""
    return paper_run_progress(conn, run_id)


def _finished_run(conn: Conn, run_id: int) -> None:
    run = get_run(conn, run_id)
    if run.status != "succeeded" or run.made == 0:
        raise NotFound(
            f"Paper run {run_id} has no papers to download"
            + (" yet: it is still running." if run.status in ("queued", "running") else ".")
        )


@router.get(
    "/paper-runs/{run_id}/merged.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "Every paper, merged"}},
)
def paper_runs_merged(run_id: EntityId, user: CurrentUser, conn: Conn, request: Request) -> Any:
    _finished_run(conn, run_id)
    run = get_run(conn, run_id)
    return file_download(
        request,
        user.email,
        lambda c: merged_parts(c, run_id),
        filename=f"paper-run-{run_id}-{run.kind.value}.pdf",
        media_type="application/pdf",
        headers={"X-Content-SHA256": run.merged_sha256 or ""},
    )


@router.get(
    "/paper-runs/{run_id}/papers.zip",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "Each paper, one file"}},
)
def paper_runs_zip(run_id: EntityId, user: CurrentUser, conn: Conn, request: Request) -> Any:
    _finished_run(conn, run_id)
    return file_download(
        request,
        user.email,
        lambda c: zip_stream(run_papers_for_zip(c, run_id)),
        filename=f"paper-run-{run_id}.zip",
        media_type="application/zip",
    )


@router.post(
    "/papers/{document_id}/served",
    response_model=ServedOut,
    status_code=201,
    responses={409: {"description": "Already confirmed, or its action cannot be served now"}},
)
def papers_served(document_id: EntityId, body: Served, user: Writer, conn: Conn) -> Any:
    """Confirm the paper was served or mailed on a day: its action moves to served (audited)."""
    return confirm_served(conn, document_id, body.how, body.on, actor=user.email)
