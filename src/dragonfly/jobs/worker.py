"""The job worker: procrastinate's worker, started again after a database outage, which also fails
and retries the jobs that a dead worker left running."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass

import procrastinate
import psycopg
from procrastinate.exceptions import ConnectorException
from procrastinate.jobs import Status
from psycopg_pool import PoolTimeout

from dragonfly.errors import DatabaseError, first_line
from dragonfly.jobs.app import worker_app

log = logging.getLogger("dragonfly.jobs")

RECONNECT_FIRST_WAIT = 0.5
RECONNECT_MAX_WAIT = 5.0  # the worst delay between the database coming back and a new attempt
STALLED_JOB_TRIES = 3  # a job whose worker died under it this many times stays failed
# What a lost database looks like from procrastinate, psycopg and its pool.
OUTAGE_ERRORS = (ConnectorException, psycopg.OperationalError, PoolTimeout, OSError)

_FAILURES_OF_JOB = (
    "select count(*) as failures from procrastinate_events"
    " where job_id = %(job_id)s and type = 'failed'"
)


@dataclass(frozen=True)
class WorkerOptions:
    url: str
    concurrency: int = 2
    once: bool = False
    stalled_after: float = 60.0  # seconds without a heartbeat before a worker counts as dead


def run_worker(options: WorkerOptions) -> None:
    """Run jobs until SIGINT or SIGTERM (or, with `once`, until the queue is empty)."""
    asyncio.run(run_worker_async(options))


async def run_worker_async(options: WorkerOptions) -> None:
    stopping = asyncio.Event()
    session: asyncio.Task[None] | None = None

    def request_stop() -> None:
        if stopping.is_set():
            return  # a second signal must not cut short the graceful stop already under way
        stopping.set()
        if session is not None:
            session.cancel()  # procrastinate then stops gracefully: running jobs finish first

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop)
    wait = RECONNECT_FIRST_WAIT
    while not stopping.is_set():
        started = time.monotonic()
        session = asyncio.create_task(_work_until_stopped(options))
        try:
            await session
            if stopping.is_set() or options.once:
                return
            log.warning("The job worker stopped by itself; starting it again.")
        except asyncio.CancelledError:
            if stopping.is_set():
                return
            raise
        except OUTAGE_ERRORS as exc:
            if options.once:
                raise DatabaseError(
                    f"The job worker lost the database: {_cause_line(exc)}. Check that the "
                    "database is running and DATABASE_URL points at it, then run it again."
                ) from exc
            if time.monotonic() - started > RECONNECT_MAX_WAIT:
                wait = RECONNECT_FIRST_WAIT  # it had been working: a new outage starts afresh
            log.warning(
                "The job worker lost the database (%s); trying again in %.1f s.",
                _cause_line(exc),
                wait,
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=wait)
        wait = min(wait * 2, RECONNECT_MAX_WAIT)


async def _work_until_stopped(options: WorkerOptions) -> None:
    with worker_app(options.url) as app:
        async with app.open_async():
            await recover_stalled_jobs(app, options.stalled_after)
            sweeper = asyncio.create_task(_recover_stalled_jobs_forever(app, options.stalled_after))
            try:
                await app.run_worker_async(
                    concurrency=options.concurrency,
                    wait=not options.once,
                    install_signal_handlers=False,
                    additional_context={"database_url": options.url},
                    update_heartbeat_interval=options.stalled_after / 3,
                    stalled_worker_timeout=options.stalled_after,
                )
            finally:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper


async def recover_stalled_jobs(app: procrastinate.App, stalled_after: float) -> list[int]:
    """Mark failed the running jobs of workers silent for `stalled_after` seconds, and queue each
    again unless its worker has died under it STALLED_JOB_TRIES times. Returns their ids."""
    manager = app.job_manager
    recovered: list[int] = []
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        assert job.id is not None
        try:
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        except ConnectorException:
            continue  # another worker recovered it first
        row = await app.connector.execute_query_one_async(_FAILURES_OF_JOB, job_id=job.id)
        retried = int(row["failures"]) < STALLED_JOB_TRIES
        if retried:
            await manager.retry_job(job)
        log.warning(
            "Job %s (%s) was left running by a worker that stopped answering; marked failed%s.",
            job.id,
            job.task_name,
            " and queued again" if retried else f" for good after {STALLED_JOB_TRIES} tries",
        )
        recovered.append(job.id)
    return recovered


async def _recover_stalled_jobs_forever(app: procrastinate.App, stalled_after: float) -> None:
    while True:
        await asyncio.sleep(stalled_after / 2)
        try:
            await recover_stalled_jobs(app, stalled_after)
        except OUTAGE_ERRORS as exc:  # the worker itself notices the outage and reconnects
            log.debug("stalled-job check skipped: %s", _cause_line(exc))


def _cause_line(exc: BaseException) -> str:
    """procrastinate wraps the driver's error in a bare "Database error.": word the cause."""
    return first_line(exc.__cause__ or exc)
