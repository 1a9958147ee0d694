"""Two real `dragonfly serve` processes on one database answer alike and share sessions."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from api.conftest import PASSWORD
from api.support import add_judgment
from core.dragonfly_subprocess import COMMAND, free_port, wait_until_healthy


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
    logs = [tmp_path / f"serve-{port}.log" for port in ports]
    processes = []
    for port, log in zip(ports, logs, strict=True):
        with log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [*COMMAND, "serve", "--port", str(port)], env=env, stdout=out, stderr=out
                )
            )
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, process, log in zip(bases, processes, logs, strict=True):
            wait_until_healthy(base, process, log, timeout=40)
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
