"""Whether a job worker is alive, for /readyz: worker heartbeats and jobs waiting to start."""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg

from dragonfly.core.config import Settings
from dragonfly.migrate.job_schema import job_schema_present

_SIGHTINGS_SQL = """
select (select extract(epoch from now() - max(last_heartbeat)) from procrastinate_workers),
       (select count(*) from procrastinate_jobs
         where status = 'todo' and (scheduled_at is null or scheduled_at <= now()))
"""


@dataclass(frozen=True)
class WorkerSightings:
    heartbeat_age: float | None  # seconds since the newest worker heartbeat; None: no worker
    jobs_waiting: int  # jobs due to start now that no worker has taken


def worker_sightings(conn: psycopg.Connection) -> WorkerSightings:
    if not job_schema_present(conn):
        return WorkerSightings(None, 0)
    row = conn.execute(_SIGHTINGS_SQL).fetchone()
    assert row is not None
    age, waiting = row
    return WorkerSightings(None if age is None else float(age), int(waiting))


class WorkerWatch:
    """When this server process last knew a worker to be alive.

    A worker that stops cleanly deletes its own row, so the database alone cannot say how long
    ago one was seen; counting starts when the server starts, giving workers time to arrive.
    """

    def __init__(self) -> None:
        self.last_seen = time.monotonic()

    def unseen_for(self, sightings: WorkerSightings) -> float:
        """Seconds since a worker was last seen alive."""
        now = time.monotonic()
        if sightings.heartbeat_age is not None:
            self.last_seen = max(self.last_seen, now - sightings.heartbeat_age)
        return max(0.0, now - self.last_seen)


def missing_worker_reason(
    sightings: WorkerSightings, watch: WorkerWatch, settings: Settings
) -> str | None:
    """Why jobs will not run (a worker is expected or a job waits, and none has been seen for
    the set time), or None."""
    limit = settings.dragonfly_worker_missing_after
    unseen = watch.unseen_for(sightings)
    if limit <= 0 or unseen < limit:
        return None
    absent = f"no job worker has been seen for {unseen:.0f} s"
    if sightings.jobs_waiting:
        waiting = sightings.jobs_waiting
        return (
            f"{waiting} background job{'s' if waiting != 1 else ''} waiting and {absent}; "
            "start one with `dragonfly worker` or `dragonfly serve --with-worker`"
        )
    if settings.dragonfly_worker_expected:
        return (
            f"{absent}, and DRAGONFLY_WORKER_EXPECTED says this deployment runs one; "
            "start it with `dragonfly worker`"
        )
    return None
