"""A refused import's way forward: read the batch, import its good rows anyway with a reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId
from dragonfly.api.routes.imports import Accepted, BatchOut
from dragonfly.ingest.batches import get_batch
from dragonfly.ingest.pipeline import MAX_REASON_CHARS
from dragonfly.jobs.app import IMPORT_TASK
from dragonfly.jobs.refusals import holds_refused_file, reopen_refused_upload
from dragonfly.jobs.uploads import attach_job
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.services.audit import record_audit

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])


class BatchDetail(BatchOut):
    file_kept: bool = Field(
        description="A refused upload whose file the server still holds, so its good rows can "
        "be imported anyway (POST .../accept-rejects)."
    )


class AcceptRejects(BaseModel):
    reason: Annotated[str, Field(max_length=MAX_REASON_CHARS)] = Field(
        default="", description="Why the good rows are imported although the file is refused."
    )


@router.get("/{batch_id}", response_model=BatchDetail)
def imports_batch(batch_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    batch = get_batch(conn, batch_id)
    return {**vars(batch), "file_kept": holds_refused_file(conn, batch_id)}


@router.post("/{batch_id}/accept-rejects", response_model=Accepted, status_code=202)
def imports_accept_rejects(
    batch_id: EntityId, body: AcceptRejects, request: Request, user: Writer, conn: Conn
) -> dict[str, Any]:
    """Import the good rows of a refused upload anyway; the reason is kept on the batch and in
    the audit trail. Poll `status_url` as for an upload."""
    ensure_job_schema(request.app.state.database_url)
    reopened = reopen_refused_upload(conn, batch_id, body.reason, user.email)
    job_id = request.app.state.jobs.configure_task(IMPORT_TASK).defer(upload_id=reopened.upload_id)
    attach_job(conn, reopened.upload_id, job_id)
    record_audit(
        conn,
        actor=user.email,
        action="import.accept_rejects_requested",
        entity="import_batch",
        entity_id=batch_id,
        after={
            "filename": reopened.filename, "reason": reopened.reason,
            "upload_id": reopened.upload_id, "job_id": job_id,
        },
    )  # fmt: skip
    return {"job_id": job_id, "status_url": f"/api/v1/imports/jobs/{job_id}"}
