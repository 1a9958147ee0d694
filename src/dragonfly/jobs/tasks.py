"""The background tasks. Each opens its own connection to the database the worker serves."""

from __future__ import annotations

import logging
import socket
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from procrastinate import JobContext, RetryStrategy

from dragonfly.core.config import get_settings
from dragonfly.core.database import resolve_database_url
from dragonfly.errors import DatabaseError, DragonflyError
from dragonfly.jobs.app import (
    DEADLINE_TASK,
    DIGEST_TASK,
    IMPORT_TASK,
    PAPER_RUN_TASK,
    RESCORE_TASK,
    job_app,
)
from dragonfly.jobs.uploads import finish_upload, load_upload, record_progress
from dragonfly.papers.runs import fail_run, make_run_papers
from dragonfly.services.alerts.channels import digest_settings
from dragonfly.services.alerts.send import DigestNotSent, is_time_to_send, send_digest
from dragonfly.services.deadlines import sweep_deadlines

log = logging.getLogger("dragonfly.jobs")
PROGRESS_EVERY_SECONDS = 0.5


def database_url(context: JobContext) -> str:
    """The worker passes its database in the context; a bare worker falls back to Settings."""
    url = (context.additional_context or {}).get("database_url")
    return str(url) if url else resolve_database_url()


class _ProgressWriter:
    """Writes import progress at most twice a second, so polling sees it move."""

    def __init__(self, url: str, upload_id: int) -> None:
        self.url, self.upload_id, self.last = url, upload_id, 0.0

    def __call__(self, rows_done: int, rows_total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS and rows_done != rows_total:
            return
        self.last = now
        with psycopg.connect(self.url, autocommit=True) as conn:
            record_progress(conn, self.upload_id, rows_done, rows_total)


def _run_import(url: str, upload_id: int) -> tuple[int | None, str]:
    from dragonfly.ingest import import_file

    with psycopg.connect(url, autocommit=True) as conn:
        upload = load_upload(conn, upload_id)
    with tempfile.TemporaryDirectory(prefix="dragonfly-upload-") as folder:
        path = Path(folder) / Path(upload.filename).name
        path.write_bytes(upload.content)
        result = import_file(
            url,
            path,
            source=upload.source,
            actor=upload.created_by,
            accept_rejects=upload.accept_reason,
            progress=_ProgressWriter(url, upload_id),
            interest_regime=upload.interest_regime,
        )
    return result.batch_id, result.message  # a duplicate's message names its batch


@job_app.task(name=IMPORT_TASK, pass_context=True)
def import_upload(context: JobContext, upload_id: int) -> None:
    """Import one uploaded file. Expected refusals are reported on the upload, not re-raised."""
    url = database_url(context)
    message: str | None = None
    error: str | None = None
    keep = False
    try:
        batch_id, message = _run_import(url, upload_id)
    except DragonflyError as exc:  # a refused or failed import is kept as a batch with its reason
        found = exc.details.get("batch_id")
        batch_id, error = (int(str(found)) if found else None), exc.message
        keep = exc.code == "import_refused"  # its good rows may still be imported, with a reason
    except Exception:
        with psycopg.connect(url, autocommit=True) as conn:
            finish_upload(
                conn,
                upload_id,
                batch_id=None,
                error="The import stopped on an unexpected error; see the worker log.",
            )
        raise  # procrastinate marks the job failed; the overview counts it
    with psycopg.connect(url, autocommit=True) as conn:
        finish_upload(
            conn, upload_id, batch_id=batch_id, error=error, message=message, keep_content=keep
        )


@job_app.periodic(cron="15 9 * * *")  # 09:15 UTC: before the New York working day
@job_app.task(
    name=RESCORE_TASK,
    pass_context=True,
    queueing_lock=RESCORE_TASK,
    # A rescore that gives up (a long export held the swap, imports held the values) leaves the
    # old values in place: try again later the same morning rather than a day later.
    retry=RetryStrategy(max_attempts=3, wait=600, retry_exceptions=[DatabaseError]),
)
def daily_rescore(context: JobContext, timestamp: int) -> int:
    """Recompute every judgment's balance and score as of today."""
    from dragonfly.valuation import refresh_judgments

    with psycopg.connect(database_url(context)) as conn:
        count = refresh_judgments(conn)
        conn.commit()
    log.info("daily rescore valued %s judgments", count)
    return count


@job_app.periodic(cron="30 9 * * *")
@job_app.task(name=DEADLINE_TASK, pass_context=True, queueing_lock=DEADLINE_TASK)
def deadline_sweep(context: JobContext, timestamp: int) -> dict[str, Any]:
    """Expire judgments past enforceability and restraining notices past their year."""
    with psycopg.connect(database_url(context)) as conn:
        changed = sweep_deadlines(conn)
        conn.commit()
    log.info("deadline sweep: %s", changed)
    return changed


# procrastinate's cron reads UTC, and New York's offset moves twice a year: the task wakes every
# quarter hour and sends once New York's clock has passed DRAGONFLY_DIGEST_TIME, if today's digest
# has not gone out (digest_runs keeps it to one a day, whichever worker gets there first).
@job_app.periodic(cron="*/15 * * * *")
@job_app.task(
    name=DIGEST_TASK,
    pass_context=True,
    queueing_lock=DIGEST_TASK,
    # A channel that did not take the digest: try again three times, 5 minutes apart, then the
    # job stays failed (the Overview's failed-jobs card counts it).
    retry=RetryStrategy(max_attempts=3, wait=300, retry_exceptions=[DigestNotSent]),
)
def daily_digest(context: JobContext, timestamp: int) -> dict[str, Any]:
    """Send the daily digest of what is due, once a day, after its time in New York."""
    settings = digest_settings(get_settings())
    if not settings.configured():
        return {"sent": False, "skipped": "no digest channel is set"}
    if not is_time_to_send(settings, datetime.now(UTC)):
        return {"sent": False, "skipped": "not yet time"}
    job_id = context.job.id if context.job else "?"
    worker = f"worker {context.worker_name or socket.gethostname()} job {job_id}"
    with psycopg.connect(database_url(context), autocommit=True) as conn:
        outcome = send_digest(conn, settings, sender=worker)
    return {"sent": outcome.sent, "skipped": outcome.skipped, "day": str(outcome.day)}


@job_app.task(name=PAPER_RUN_TASK, pass_context=True)
def paper_run(context: JobContext, run_id: int) -> None:
    """Make a paper run's papers and its merged PDF. Refusals are part of the run; anything else
    closes the run as failed (the papers made so far are kept) and fails the job."""
    url = database_url(context)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            make_run_papers(conn, run_id, templates=get_settings().dragonfly_paper_templates)
    except Exception as exc:
        reason = exc.message if isinstance(exc, DragonflyError) else None
        with psycopg.connect(url, autocommit=True) as conn:
            fail_run(
                conn,
                run_id,
                reason or "The paper run stopped on an unexpected error; see the worker log.",
            )
        raise
