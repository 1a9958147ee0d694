"""Two real `dragonfly serve` processes on one database answer alike and share sessions."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from api.conftest import PASSWORD
from api.support import add_judgment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} did not become healthy")


@pytest.fixture
def two_servers(db_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DRAGONFLY_HOME": str(tmp_path / "home"),
        "DRAGONFLY_ENV": "development",
    }
    env.pop("DRAGONFLY_SECRET_KEY", None)  # both must find the key kept in the shared home
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "dragonfly", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, process in zip(bases, processes, strict=True):
            wait_until_healthy(base, process)
        yield bases[0], bases[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


@pytest.mark.slow
def test_two_serve_processes_share_data_and_sessions(
    two_servers: tuple[str, str], db: psycopg.Connection, password_hash: str
) -> None:
    first, second = two_servers
    db.execute(
        "insert into users (email, role, password_hash) values ('ops@example.com', 'ops', %s)",
        (password_hash,),
    )
    add_judgment(db, index_number="77/2024")
    with httpx.Client(base_url=first) as one:
        login = one.post(
            "/api/v1/auth/login", json={"email": "ops@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200
        cookie = one.cookies["df_session"]
        answer_one = one.get("/api/v1/judgments").json()
    with httpx.Client(base_url=second, cookies={"df_session": cookie}) as two:
        assert two.get("/api/v1/auth/me").json()["email"] == "ops@example.com"
        assert two.get("/api/v1/judgments").json() == answer_one
        assert two.get("/readyz").json() == httpx.get(f"{first}/readyz").json()
        # signing out on the second ends the session on the first as well
        assert two.post("/api/v1/auth/logout").status_code == 204
    assert httpx.get(f"{first}/api/v1/auth/me", cookies={"df_session": cookie}).status_code == 401
