"""The procrastinate app: tasks register on it here; a real connector is attached per database."""

from __future__ import annotations

import procrastinate
from procrastinate import PsycopgConnector

# Tasks register on this app at import; it never connects. `job_app_for` gives a connected copy.
job_app = procrastinate.App(connector=PsycopgConnector(), import_paths=["dragonfly.jobs.tasks"])

IMPORT_TASK = "dragonfly.import_upload"
RESCORE_TASK = "dragonfly.daily_rescore"
DEADLINE_TASK = "dragonfly.deadline_refresh"


def job_app_for(url: str) -> procrastinate.App:
    """The same tasks, talking to the database at `url`."""
    return job_app.with_connector(
        PsycopgConnector(conninfo=url, min_size=1, max_size=4, open=False)
    )


from dragonfly.jobs import tasks as _tasks  # noqa: E402,F401  (registers the tasks)
