"""Uploaded import files: stored in Postgres for whichever worker picks the job, with progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import psycopg

from dragonfly.errors import InputError
from dragonfly.migrate.job_schema import job_schema_present

# procrastinate's job states, as the API reports them.
JOB_STATUS = {
    "todo": "queued",
    "doing": "running",
    "succeeded": "succeeded",
    "failed": "failed",
    "cancelled": "failed",
    "aborting": "running",
    "aborted": "failed",
}


@dataclass(frozen=True)
class Upload:
    id: int
    filename: str
    source: str
    content: bytes
    created_by: str
    interest_regime: str | None = None
    accept_reason: str | None = None  # import the good rows of a file over its reject limit


def upload_filename(given: str | None) -> str:
    """The uploaded file's own name, without any folder; refuses names that are no file name."""
    name = PurePosixPath(PureWindowsPath(given or "upload.csv").name).name.strip()
    if not name.strip(".") or any(ord(c) < 32 for c in name):
        raise InputError(
            f"The upload's file name {given!r} is not a usable file name. "
            "Rename the file (for example judgments.csv) and upload it again."
        )
    return name[:200]


def store_upload(
    conn: psycopg.Connection,
    filename: str,
    source: str,
    content: bytes,
    actor: str,
    interest_regime: str | None = None,
) -> int:
    row = conn.execute(
        "insert into import_uploads (filename, source, content, created_by, interest_regime)"
        " values (%s, %s, %s, %s, %s::interest_regime) returning id",
        (filename, source, content, actor, interest_regime),
    ).fetchone()
    assert row is not None
    return int(row[0])


def attach_job(conn: psycopg.Connection, upload_id: int, job_id: int) -> None:
    conn.execute("update import_uploads set job_id = %s where id = %s", (job_id, upload_id))


def load_upload(conn: psycopg.Connection, upload_id: int) -> Upload:
    row = conn.execute(
        "select id, filename, source, content, created_by, interest_regime::text, accept_reason"
        " from import_uploads where id = %s",
        (upload_id,),
    ).fetchone()
    if row is None or row[3] is None:
        raise LookupError(f"upload {upload_id} is missing or was already imported")
    return Upload(int(row[0]), row[1], row[2], bytes(row[3]), row[4], row[5], row[6])


def record_progress(
    conn: psycopg.Connection, upload_id: int, rows_done: int, rows_total: int | None
) -> None:
    conn.execute(
        "update import_uploads set rows_done = %s, rows_total = %s where id = %s",
        (rows_done, rows_total, upload_id),
    )


def finish_upload(
    conn: psycopg.Connection,
    upload_id: int,
    *,
    batch_id: int | None,
    error: str | None,
    message: str | None = None,
    keep_content: bool = False,
) -> None:
    """Close the upload; its bytes are dropped once imported (the batch keeps the SHA-256),
    but kept (`keep_content`) for a file refused for too many rejects, whose good rows an ops or
    admin user may still import (jobs/refusals.py)."""
    conn.execute(
        "update import_uploads set batch_id = %s, error = %s, message = %s, finished_at = now(),"
        " content = case when %s then content end where id = %s",
        (batch_id, error, message, keep_content, upload_id),
    )


def job_progress(conn: psycopg.Connection, job_id: int) -> dict[str, Any] | None:
    """The API's view of one import job, or None when there is no such job."""
    row = conn.execute(
        "select id, rows_done, rows_total, batch_id, error, finished_at, message"
        " from import_uploads where job_id = %s",
        (job_id,),
    ).fetchone()
    if row is None:
        return None
    _, rows_done, rows_total, batch_id, error, finished_at, message = row
    status = job_status(conn, job_id)
    if error:
        status = "failed"
    elif finished_at is not None and status != "failed":
        status = "succeeded"
    elif status == "failed":
        error = "The import job stopped unexpectedly; the worker log has the details."
    return {
        "status": status,
        "progress": {"rows_done": rows_done, "rows_total": rows_total},
        "batch_id": batch_id,
        "error": error,
        "message": message,
    }


def job_status(conn: psycopg.Connection, job_id: int) -> str:
    if not job_schema_present(conn):
        return "queued"
    row = conn.execute(
        "select status::text from procrastinate_jobs where id = %s", (job_id,)
    ).fetchone()
    return JOB_STATUS.get(row[0], "failed") if row else "failed"
