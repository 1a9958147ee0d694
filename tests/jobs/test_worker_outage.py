"""A real worker outlives a real database outage: its own PostgreSQL stops, then starts again."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.dragonfly_subprocess import clean_env, dragonfly
from jobs.worker_process import job_status, queue_import, start_worker, stop, wait_for

TARGET_SECONDS = 30  # the worker takes jobs again within this long of the database coming back


@pytest.fixture
def private_server() -> Iterator[tuple[str, dict[str, str]]]:
    """A throwaway embedded PostgreSQL of this test's own (never the suite's shared server).

    Its home is outside pytest's temporary folders: a later pytest run elsewhere on the machine
    closes those to other users, and the server runs as its own user.
    """
    home = Path(tempfile.mkdtemp(prefix="dragonfly-outage-"))
    env = clean_env(DRAGONFLY_HOME=str(home))
    try:
        up = dragonfly("db", "up", "--json", env=env)
        assert up.returncode == 0, up.stderr
        url = json.loads(up.stdout)["url"]  # the app's: the role dragonfly_app
        migrated = dragonfly("migrate", "apply", env=env)  # as the server's owner
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        yield url, env
    finally:
        dragonfly("db", "down", env=env)
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.slow
def test_the_worker_takes_jobs_again_after_the_database_restarts(
    private_server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, server_env = private_server
    log = tmp_path / "worker.log"
    worker = start_worker(url, log)
    try:
        _, before = queue_import(url, tmp_path, seed=1)
        wait_for("the first import", lambda: job_status(url, before) == "succeeded", 60, log)

        down = dragonfly("db", "down", env=server_env)
        assert down.returncode == 0, down.stdout + down.stderr
        time.sleep(6)  # long enough for the worker to notice: its heartbeat and polling fail
        assert dragonfly("db", "up", env=server_env).returncode == 0
        back = time.monotonic()

        _, after = queue_import(url, tmp_path, seed=2)
        wait_for(
            "a job queued after the restart being taken",
            lambda: job_status(url, after) != "todo",
            TARGET_SECONDS,
            log,
        )
        taken_after = time.monotonic() - back
        print(f"\nworker took a job {taken_after:.1f} s after the database came back")
        wait_for("the second import", lambda: job_status(url, after) == "succeeded", 60, log)
        assert worker.poll() is None, "the worker exited"
    finally:
        stop(worker)
