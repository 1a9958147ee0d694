"""Imports: upload a file (a background job imports it), follow the job, read the history."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from dragonfly.api.csv_export import csv_export
from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId, Page, PageNumber, PageSize
from dragonfly.errors import InputError, NotFound
from dragonfly.ingest.batches import (
    get_batch,
    list_batches,
    list_rejects,
    rejects_header,
    stream_rejects,
)
from dragonfly.ingest.regimes import import_default
from dragonfly.jobs.app import IMPORT_TASK
from dragonfly.jobs.uploads import attach_job, job_progress, store_upload, upload_filename
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.services.audit import record_audit

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])

SourceName = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]


class Accepted(BaseModel):
    job_id: int
    status_url: str


class BatchOut(BaseModel):
    id: int
    filename: str
    source: str | None
    status: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    started_at: datetime
    finished_at: datetime | None
    message: str | None
    accepted_reason: str | None = None


class Progress(BaseModel):
    rows_done: int
    rows_total: int | None


class JobOut(BaseModel):
    status: Literal["queued", "running", "succeeded", "failed"]
    progress: Progress
    batch: BatchOut | None
    error: str | None
    message: str | None = Field(
        default=None,
        description="The import's outcome in words, e.g. that the file duplicates batch N.",
    )


class RejectOut(BaseModel):
    line_number: int
    reason_code: str
    detail: str
    field: str | None = Field(description="The file's column the reason is about, if one is.")
    value: Any = Field(description="What that column held on this line.")
    raw: Any


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    content = upload.file.read(limit + 1)
    if len(content) > limit:
        raise InputError(
            f"The file is larger than the {limit // 1_000_000} MB upload limit; "
            "import it with `dragonfly import` on the server instead."
        )
    if not content:
        raise InputError("The uploaded file is empty.")
    return content


@router.post("", response_model=Accepted, status_code=202)
def imports_upload(
    request: Request,
    user: Writer,
    conn: Conn,
    file: Annotated[UploadFile, File(description="CSV or Excel file of judgments")],
    source: Annotated[SourceName, Form()] = "auto",
    interest_regime: Annotated[
        str | None, Form(description="standard or consumer: for new judgments stating none")
    ] = None,
) -> dict[str, Any]:
    """Store the file and queue an import job; poll `status_url` for its progress."""
    regime = import_default(interest_regime)
    limit = request.app.state.settings.dragonfly_import_max_bytes
    filename = upload_filename(file.filename)
    content = _read_limited(file, limit)
    ensure_job_schema(request.app.state.database_url)
    upload_id = store_upload(conn, filename, source, content, user.email, regime)
    job_id = request.app.state.jobs.configure_task(IMPORT_TASK).defer(upload_id=upload_id)
    attach_job(conn, upload_id, job_id)
    record_audit(
        conn,
        actor=user.email,
        action="import.upload",
        entity="import_upload",
        entity_id=upload_id,
        after={
            "filename": filename,
            "source": source,
            "bytes": len(content),
            "job_id": job_id,
            "interest_regime": regime,
        },
    )
    return {"job_id": job_id, "status_url": f"/api/v1/imports/jobs/{job_id}"}


@router.get("/jobs/{job_id}", response_model=JobOut)
def imports_job(job_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    found = job_progress(conn, job_id)
    if found is None:
        raise NotFound(f"No import job with id {job_id}.")
    batch_id = found.pop("batch_id")
    return {**found, "batch": get_batch(conn, batch_id) if batch_id else None}


@router.get("", response_model=Page[BatchOut])
def imports_index(
    user: CurrentUser, conn: Conn, page: PageNumber = 1, page_size: PageSize = 50
) -> dict[str, Any]:
    items, total = list_batches(conn, page, page_size)
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/{batch_id}/rejects", response_model=Page[RejectOut])
def imports_rejects(
    batch_id: EntityId,
    user: CurrentUser,
    conn: Conn,
    page: PageNumber = 1,
    page_size: PageSize = 100,
) -> dict[str, Any]:
    items, total = list_rejects(conn, batch_id, page, page_size)
    rows = [{**vars(r), "value": r.value} for r in items]
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


@router.get(
    "/{batch_id}/rejects.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def imports_rejects_csv(
    batch_id: EntityId, request: Request, user: CurrentUser, conn: Conn
) -> StreamingResponse:
    """The rejected rows under the file's own columns, then line, reason and detail: fix the
    values and import the file as it is (the three added columns are ignored)."""
    columns, extra = rejects_header(conn, batch_id)  # a missing batch answers 404 here
    rows = partial(stream_rejects, batch_id=batch_id, columns=columns)
    return csv_export(request, user.email, [*columns, *extra], rows, f"rejects-{batch_id}.csv")
