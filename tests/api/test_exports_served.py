"""CSV exports on a real `dragonfly serve`: aborted, slow and failing downloads cannot hold it."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import psycopg
import pytest

from api.support import error_of
from core.dragonfly_subprocess import COMMAND, free_port, wait_until_healthy

Headers = dict[str, dict[str, str]]
EXPORT = "/api/v1/judgments/export.csv"
# Enough rows (about 8 MB of CSV) that an export cannot finish into the socket buffers.
ROWS = 70_000


def seed_judgments(db: psycopg.Connection, rows: int) -> None:
    plaintiff = db.execute(
        "insert into plaintiffs (name, name_key) values ('Acme Funding', 'acme funding')"
        " returning id"
    ).fetchone()
    debtor = db.execute(
        "insert into debtors (name, name_key, kind) values ('Smith Holdings LLC',"
        " 'smith holdings llc', 'business') returning id"
    ).fetchone()
    assert plaintiff and debtor
    db.execute(
        "insert into judgments (court_code, court_name, county_code, index_number,"
        " index_number_norm, entry_date, principal, plaintiff_id, debtor_id, status)"
        " select 'CIV-KINGS', 'Civil Court, Kings County', 'KINGS', i || '/2024', i || '/2024',"
        " date '2024-06-15', 1000 + i, %s, %s, 'active' from generate_series(1, %s) i",
        (plaintiff[0], debtor[0], rows),
    )


@pytest.fixture
def served(db_url: str, tmp_path: Path, tokens: Headers, db: psycopg.Connection) -> Iterator[str]:
    seed_judgments(db, ROWS)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DRAGONFLY_HOME": str(tmp_path / "home"),
        "DRAGONFLY_ENV": "development",
        "DRAGONFLY_EXPORT_CONNECTIONS": "3",
        "DRAGONFLY_EXPORTS_PER_USER": "2",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*COMMAND, "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log, timeout=40)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def idle_in_transaction(db: psycopg.Connection) -> int:
    row = db.execute(
        "select count(*) from pg_stat_activity where datname = current_database()"
        " and state like 'idle in transaction%%' and pid <> pg_backend_pid()"
    ).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
def test_an_aborted_export_gives_its_connection_back_at_once(
    served: str, tokens: Headers, db: psycopg.Connection
) -> None:
    for _ in range(3):
        with (
            httpx.Client(base_url=served, timeout=30) as client,
            client.stream("GET", EXPORT, headers=tokens["viewer"]) as response,
        ):
            assert response.status_code == 200
            next(response.iter_bytes(1024))
        # leaving the block drops the connection mid-download
    deadline = time.monotonic() + 3
    while idle_in_transaction(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert idle_in_transaction(db) == 0
    # and the portfolio can be revalued meanwhile (a held export blocked `dragonfly rescore`)
    with httpx.Client(base_url=served, timeout=30) as client:
        full = client.get(EXPORT, headers=tokens["viewer"])
    assert full.status_code == 200
    assert full.text.count("\n") == ROWS + 1


@pytest.mark.slow
def test_slow_exports_are_limited_per_user_and_leave_the_api_answering(
    served: str, tokens: Headers
) -> None:
    with ExitStack() as held:
        clients = [held.enter_context(httpx.Client(base_url=served, timeout=30)) for _ in range(4)]
        # two downloads by the viewer that are never read on: the client is as slow as can be
        for client in clients[:2]:
            response = held.enter_context(client.stream("GET", EXPORT, headers=tokens["viewer"]))
            assert response.status_code == 200
        third = clients[2].get(EXPORT, headers=tokens["viewer"])
        assert third.status_code == 429
        assert "already downloading 2 exports" in error_of(third)["message"]
        assert int(third.headers["Retry-After"]) > 0
        # another user takes the last export connection; a fourth export finds none free
        other = held.enter_context(clients[3].stream("GET", EXPORT, headers=tokens["ops"]))
        assert other.status_code == 200
        with httpx.Client(base_url=served, timeout=30) as admin:
            busy = admin.get(EXPORT, headers=tokens["admin"])
            assert busy.status_code == 429
            assert "Every export connection is busy" in error_of(busy)["message"]
            # the rest of the API still answers quickly
            for _ in range(5):
                began = time.monotonic()
                assert admin.get("/api/v1/auth/me", headers=tokens["admin"]).status_code == 200
                assert time.monotonic() - began < 1


@pytest.mark.slow
def test_a_database_failure_mid_export_breaks_the_download(
    served: str, tokens: Headers, db: psycopg.Connection
) -> None:
    with (
        httpx.Client(base_url=served, timeout=30) as client,
        client.stream("GET", EXPORT, headers=tokens["viewer"]) as response,
    ):
        assert response.status_code == 200
        chunks = response.iter_bytes(1024)
        received = next(chunks)
        killed = db.execute(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity"
            " where datname = current_database() and query ilike '%%judgments_export%%'"
            " and pid <> pg_backend_pid()"
        ).fetchone()
        assert killed and killed[0] == 1
        # A complete-looking CSV cut at a row boundary would be silently short; the download
        # must fail instead.
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in chunks:
                received += chunk
    assert received.count(b"\n") < ROWS + 1
