"""Real runner processes racing and dying: the lock and the per-file transaction hold."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from core.dragonfly_subprocess import clean_env, start_dragonfly
from dragonfly.migrate import apply_migrations

from .conftest import WriteMigration
from .schema_probe import history_versions, table_exists

A = "20260101000000_create_a"
B = "20260102000000_slow_b"
C = "20260103000000_create_c"

RUNNER_SESSIONS = (
    "select count(*) from pg_stat_activity"
    " where application_name = 'dragonfly migrate' and datname = current_database()"
)
THIS_DATABASE = " and database = (select oid from pg_database where datname = current_database())"
LOCK_HELD = "select count(*) from pg_locks where locktype = 'advisory' and granted" + THIS_DATABASE
LOCK_WAITING = (
    "select count(*) from pg_locks where locktype = 'advisory' and not granted" + THIS_DATABASE
)


def wait_until(check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def count(url: str, query: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


class Gate:
    """A table the test keeps locked, so a runner's file waits inside its transaction."""

    def __init__(self, url: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create table gate (id int)")
        self.holder = psycopg.connect(url)
        self.holder.execute("lock table gate in access exclusive mode")

    def open(self) -> None:
        self.holder.rollback()
        self.holder.close()


@pytest.fixture
def gate(empty_db_url: str) -> Iterator[Gate]:
    made = Gate(empty_db_url)
    yield made
    if not made.holder.closed:
        made.open()


# The runner waits on the gate with no lock_timeout, so only the test decides when it finishes.
NO_LOCK_TIMEOUT = {"DRAGONFLY_LOCK_TIMEOUT": "0"}


@pytest.mark.slow
def test_two_runners_at_once_apply_each_file_exactly_once(
    empty_db_url: str,
    migrations_dir: Path,
    write_migration: WriteMigration,
    tmp_path: Path,
    gate: Gate,
) -> None:
    write_migration(A, "create table a (id int);")
    write_migration(B, "create table b (id int);\nselect count(*) from gate;")
    write_migration(C, "create table c (id int);")
    args = ("migrate", "apply", "--database-url", empty_db_url, "--dir", str(migrations_dir))
    runners = [
        start_dragonfly(*args, "--json", env=clean_env(**NO_LOCK_TIMEOUT), cwd=tmp_path)
        for _ in range(2)
    ]
    wait_until(lambda: count(empty_db_url, LOCK_WAITING) == 1)  # one inside B, one queued
    gate.open()
    results = [finish(r) for r in runners]

    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    applied = [[m["version"] for m in json.loads(out)["applied"]] for _, out, _ in results]
    assert sorted(applied, key=len) == [[], [A[:14], B[:14], C[:14]]]
    assert history_versions(empty_db_url) == [A[:14], B[:14], C[:14]]


@pytest.mark.slow
def test_runner_that_cannot_get_the_lock_in_time_says_so(
    empty_db_url: str,
    migrations_dir: Path,
    write_migration: WriteMigration,
    tmp_path: Path,
    gate: Gate,
) -> None:
    write_migration(A, "create table a (id int);\nselect count(*) from gate;")
    args = ("migrate", "apply", "--database-url", empty_db_url, "--dir", str(migrations_dir))
    first = start_dragonfly(*args, env=clean_env(**NO_LOCK_TIMEOUT), cwd=tmp_path)
    wait_until(lambda: count(empty_db_url, LOCK_HELD) == 1)

    second = start_dragonfly(*args, "--lock-wait", "0.5", env=clean_env(), cwd=tmp_path)
    code, _, err = finish(second)
    gate.open()

    assert code == 5
    assert "Another migration run holds the lock" in err
    assert "waited 0.5 s" in err
    assert "dragonfly migrate, connected" in err  # who holds it
    assert finish(first)[0] == 0
    assert history_versions(empty_db_url) == [A[:14]]


@pytest.mark.slow
def test_killed_runner_leaves_ledger_and_schema_consistent(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration, tmp_path: Path
) -> None:
    with psycopg.connect(empty_db_url) as conn:
        conn.execute("create table nap (seconds float); insert into nap values (60)")
    write_migration(A, "create table a (id int);")
    write_migration(B, "create table b (id int);\nselect pg_sleep(seconds) from nap;")
    args = ("migrate", "apply", "--database-url", empty_db_url, "--dir", str(migrations_dir))
    runner = start_dragonfly(*args, env=clean_env(), cwd=tmp_path)
    wait_until(
        lambda: (
            count(
                empty_db_url, RUNNER_SESSIONS + " and state = 'active' and query like '%pg_sleep%'"
            )
            == 1
        )
    )

    runner.kill()  # SIGKILL: no cleanup in the runner
    runner.communicate(timeout=10)
    wait_until(lambda: count(empty_db_url, RUNNER_SESSIONS) == 0)  # the server noticed

    assert history_versions(empty_db_url) == [A[:14]]
    assert table_exists(empty_db_url, "a")
    assert not table_exists(empty_db_url, "b")
    with psycopg.connect(empty_db_url) as conn:
        conn.execute("update nap set seconds = 0")
    assert apply_migrations(empty_db_url, migrations_dir, lock_wait=5) == [B[:14]]
    assert table_exists(empty_db_url, "b")
