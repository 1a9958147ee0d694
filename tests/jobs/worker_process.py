"""A real `dragonfly worker` process, and import jobs queued and watched the way the API does."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from core.dragonfly_subprocess import COMMAND, clean_env
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.jobs.app import IMPORT_TASK, deferring_app
from dragonfly.jobs.uploads import attach_job, store_upload
from dragonfly.migrate.job_schema import ensure_job_schema

T = TypeVar("T")


def start_worker(url: str, log: Path, **settings: str) -> subprocess.Popen[bytes]:
    """Start `dragonfly worker` on `url`, its output going to `log`."""
    env = clean_env(DATABASE_URL=url, DRAGONFLY_HOME=str(log.parent / "home"), **settings)
    with log.open("ab") as out:
        return subprocess.Popen([*COMMAND, "worker"], env=env, stdout=out, stderr=out)


def queue_import(url: str, folder: Path, rows: int = 5, seed: int = 1) -> tuple[int, int]:
    """Store a small demo file as an upload and queue its import: (upload id, job id)."""
    ensure_job_schema(url)
    path = write_demo_file(
        folder / f"upload-{seed}.csv", rows, "simplicity", seed=seed, defect_rate=0
    )
    with psycopg.connect(url, autocommit=True) as conn:
        upload_id = store_upload(conn, path.name, "auto", path.read_bytes(), "test")
    with ConnectionPool(url, min_size=1, max_size=1, open=True) as pool:
        job_id = deferring_app(pool).configure_task(IMPORT_TASK).defer(upload_id=upload_id)
    with psycopg.connect(url, autocommit=True) as conn:
        attach_job(conn, upload_id, job_id)
    return upload_id, job_id


def job_status(url: str, job_id: int) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "select status::text from procrastinate_jobs where id = %s", (job_id,)
        ).fetchone()
    assert row is not None
    return str(row[0])


def wait_for(what: str, check: Callable[[], T | None], timeout: float, log: Path) -> T:
    """Poll `check` until it returns a value; fail naming `what`, with the worker's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except psycopg.OperationalError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen in {timeout:g} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
