"""`serve --with-worker` stops its worker whichever way it is stopped: no orphan is left."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from core.dragonfly_subprocess import COMMAND, clean_env, free_port, wait_until_healthy
from jobs.worker_process import job_status, queue_import, wait_for


def children_of(pid: int) -> list[int]:
    """Linux: the processes `pid` started, from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def is_running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State"))
    except FileNotFoundError:
        return False
    return "zombie" not in state


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop_signal", "expected_exit"),
    [(signal.SIGTERM, 0), (signal.SIGINT, 0), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["SIGTERM", "SIGINT", "SIGKILL"],
)
def test_stopping_serve_stops_its_worker(
    stop_signal: signal.Signals, expected_exit: int, db_url: str, tmp_path: Path
) -> None:
    """SIGTERM and SIGINT stop the worker on the way out; SIGKILL leaves serve no way out, so the
    worker is told by the kernel that its parent died (Linux)."""
    port = free_port()
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(tmp_path / "home"))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [*COMMAND, "serve", "--port", str(port), "--with-worker"],
            env=env,
            stdout=out,
            stderr=out,
        )
    worker_pids: list[int] = []
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", serve, log, timeout=40)
        worker_pids = children_of(serve.pid)
        assert worker_pids, "serve --with-worker started no worker"
        serve.send_signal(stop_signal)
        exit_code = serve.wait(timeout=40)
        deadline = time.monotonic() + 10
        while any(map(is_running, worker_pids)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(map(is_running, worker_pids)), "the worker outlived serve"
        assert exit_code == expected_exit, log.read_text()[-3000:]  # 0: "stopped cleanly"
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        for pid in filter(is_running, worker_pids):
            os.kill(pid, signal.SIGKILL)  # an orphan this test made: not left behind


@pytest.mark.slow
def test_serve_starts_a_new_worker_when_its_worker_dies(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(tmp_path / "home"))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [*COMMAND, "serve", "--port", str(port), "--with-worker"],
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", serve, log, timeout=40)
        (first,) = children_of(serve.pid)
        os.kill(first, signal.SIGKILL)
        wait_for("a new worker", lambda: [p for p in children_of(serve.pid) if p != first], 20, log)
        _, job_id = queue_import(db_url, tmp_path)
        wait_for("the import", lambda: job_status(db_url, job_id) == "succeeded", 40, log)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=40) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
