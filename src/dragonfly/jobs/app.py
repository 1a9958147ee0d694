"""The procrastinate app: tasks register on it here; a real connector is attached per database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import procrastinate
from procrastinate import PsycopgConnector
from psycopg_pool import ConnectionPool

# Tasks register on this app at import; it connects only inside `worker_app`.
job_app = procrastinate.App(connector=PsycopgConnector(), import_paths=["dragonfly.jobs.tasks"])

IMPORT_TASK = "dragonfly.import_upload"
RESCORE_TASK = "dragonfly.daily_rescore"
DEADLINE_TASK = "dragonfly.deadline_sweep"
DIGEST_TASK = "dragonfly.daily_digest"
PAPER_RUN_TASK = "dragonfly.paper_run"


@contextmanager
def worker_app(url: str) -> Iterator[procrastinate.App]:
    """The task-carrying app, talking to the database at `url` for the duration of the block."""
    connector = PsycopgConnector(conninfo=url, min_size=1, max_size=4)
    with job_app.replace_connector(connector) as app:
        yield app


def deferring_app(pool: ConnectionPool) -> procrastinate.App:
    """An app that only queues jobs by task name, on the API's own (sync) pool."""
    return procrastinate.App(connector=PsycopgConnector()).open(pool)


from dragonfly.jobs import tasks as _tasks  # noqa: E402,F401  (registers the tasks)
