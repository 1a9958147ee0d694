"""A worker killed mid-import: its job is failed, counted, and imported by the next worker."""

from __future__ import annotations

import signal
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from jobs.worker_process import job_status, queue_import, start_worker, stop, wait_for

Headers = dict[str, dict[str, str]]
FAST = {"DRAGONFLY_WORKER_STALLED_AFTER": "2"}  # seconds: a dead worker is noticed quickly


@pytest.mark.slow
def test_a_job_left_running_by_a_killed_worker_is_failed_counted_and_retried(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    upload_id, job_id = queue_import(db_url, tmp_path, rows=20)
    log = tmp_path / "worker.log"
    with psycopg.connect(db_url) as holder:
        # The import's first progress write waits on this lock: the job is caught mid-import.
        holder.execute("select 1 from import_uploads where id = %s for update", (upload_id,))
        first = start_worker(db_url, log, **FAST)
        try:
            wait_for("the import starting", lambda: job_status(db_url, job_id) == "doing", 30, log)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop(first)
        holder.rollback()

    running = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert running["status"] == "running"  # nobody is working on it any more

    second = start_worker(db_url, log, **FAST)
    try:
        wait_for("the retried import", lambda: job_status(db_url, job_id) == "succeeded", 30, log)
    finally:
        stop(second)
    job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert job["status"] == "succeeded" and job["batch"]["inserted"] == 20, job
    metrics = client.get("/api/v1/overview", headers=tokens["viewer"]).json()["metrics"]
    failed = next(m for m in metrics if m["key"] == "failed_jobs")
    assert failed["value"] == 1, "the attempt the killed worker left behind is not counted"
