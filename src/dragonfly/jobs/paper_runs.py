"""A paper run as the API reports it: the run's own record, and its job's state in the queue."""

from __future__ import annotations

from typing import Any

import psycopg

from dragonfly.jobs.uploads import job_status
from dragonfly.papers.runs import get_run, run_view


def paper_run_progress(conn: psycopg.Connection, run_id: int) -> dict[str, Any]:
    """The run with its progress; a run whose job died without closing it reads as failed."""
    run = get_run(conn, run_id)
    view = run_view(run)
    stuck = run.status in ("queued", "running") and run.job_id is not None
    if stuck and job_status(conn, int(run.job_id or 0)) == "failed":
        view["status"] = "failed"
        view["error"] = "The paper run's job stopped unexpectedly; the worker log has why."
    return view
