"""A cancelled release is never silent: `dragonfly release` as a real process, stopped by SIGINT
or SIGTERM as GitHub Actions does, records the run as cancelled, still notifies within a bounded
time, and exits with code 5."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from core.dragonfly_subprocess import clean_env, start_dragonfly

from .conftest import Release, add_migration, release_rows

# GitHub Actions sends SIGTERM 7.5 s after SIGINT, then kills the job.
GITHUB_GRACE_SECONDS = 7.5
RED = 0xE74C3C


def _wait_for(condition: object, what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the release ended before {what}:\n{out}\n{err}")
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"timed out waiting for {what}")


def _other_sessions(url: str, condition: str) -> int:
    """Sessions on this database, other than probes like this one, that meet the condition.
    A probe's own text matches its pattern, and an earlier probe's backend can linger in
    pg_stat_activity for a moment after it disconnects, so probes are left out by their text."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            f"select count(*) from pg_stat_activity where {condition}"
            " and datname = current_database() and pid <> pg_backend_pid()"
            " and query not like '%%pg_stat_activity%%'"
        ).fetchone()
    return int(row[0]) if row else 0


def _start(release: Release) -> subprocess.Popen[str]:
    env = clean_env(**release.environ, DRAGONFLY_HOME=str(release.home))
    env.pop("GITHUB_STEP_SUMMARY", None)
    return start_dragonfly(
        "release", "--config", str(release.config_path()), env=env, cwd=release.tmp
    )


def _stop(process: subprocess.Popen[str], *signals: signal.Signals) -> tuple[str, float]:
    """Send the signals (0.2 s apart) and return the output and the seconds it took to end."""
    started = time.monotonic()
    for sig in signals:
        process.send_signal(sig)
        time.sleep(0.2)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the release did not end after {signals}:\n{out}\n{err}")
    return out + err, time.monotonic() - started


def test_sigint_then_sigterm_during_the_tests_records_cancelled_and_notifies(
    release: Release, tmp_path: Path
) -> None:
    marker = tmp_path / "tests-started"
    script = tmp_path / "slow_tests.py"
    script.write_text(
        f"import os, time\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n"
    )
    release.test_command = f'"{sys.executable}" "{script}"'
    process = _start(release)
    _wait_for(marker.exists, "the tests started", process)

    output, took = _stop(process, signal.SIGINT, signal.SIGTERM)

    assert process.returncode == 5, output
    assert took < GITHUB_GRACE_SECONDS
    assert "CANCELLED" in output and "Exit code 5" in output
    with pytest.raises(ProcessLookupError):  # the test command was stopped too
        os.kill(int(marker.read_text()), 0)
    runs, steps = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert [r["outcome"] for r in runs] == ["cancelled"]
    assert runs[0]["exit_code"] == 5 and runs[0]["finished_at"] is not None
    by_name = {s["name"]: s for s in steps}
    assert by_name["Tests (dev database)"]["status"] == "failed"
    assert "SIGINT" in by_name["Tests (dev database)"]["message"]
    assert by_name["Migrations (production)"]["status"] == "skipped"
    assert by_name["Notify"]["status"] == "success"
    assert "running" not in {s["status"] for s in steps}
    [message] = release.cloud.discord_delivered
    embed = message["embeds"][0]
    assert embed["title"] == "🛑 Dragonfly Prod release CANCELLED" and embed["color"] == RED
    assert "Cancelled by SIGINT during Tests (dev database)" in embed["description"]
    assert "Production is unchanged" in embed["description"]
    [webhook] = release.cloud.webhook_delivered
    assert webhook["outcome"] == "cancelled"
    assert release.cloud.hook_calls == {}


def test_sigterm_during_a_migration_rolls_it_back_and_says_what_changed(
    release: Release,
) -> None:
    first = add_migration(
        release.migrations, "29991231000001", "cancel_first", "create table cancel_first (i int);"
    )
    add_migration(
        release.migrations,
        "29991231000002",
        "cancel_slow",
        "create table cancel_second (i int);\nselect pg_sleep(30);\n",
    )
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    process = _start(release)

    def slow_migration_running() -> bool:
        return _other_sessions(prod, "wait_event = 'PgSleep'") > 0

    _wait_for(slow_migration_running, "the slow migration started", process)

    output, took = _stop(process, signal.SIGTERM)

    assert process.returncode == 5, output
    assert took < GITHUB_GRACE_SECONDS
    with psycopg.connect(prod, autocommit=True) as conn:
        tables = {
            name
            for (name,) in conn.execute(
                "select tablename from pg_tables where tablename like 'cancel_%'"
            ).fetchall()
        }
    assert tables == {"cancel_first"}  # the interrupted file left nothing behind
    runs, _ = release_rows(prod)
    assert runs[0]["outcome"] == "cancelled"
    assert runs[0]["failed_step"] == "Migrations (production)"
    [message] = release.cloud.discord_delivered
    description = message["embeds"][0]["description"]
    assert "Cancelled by SIGTERM during Migrations (production)" in description
    assert f"1 file(s) of this run were applied ({first})" in description
    assert "rolled back" in description and "old version keeps running" in description
    assert release.cloud.webhook_delivered[0]["outcome"] == "cancelled"
    assert release.cloud.hook_calls == {}


def _waiting_for_lock(prod: str) -> bool:
    """A session other than the first release's keeps asking for the release lock."""
    return _other_sessions(prod, "query like '%%pg_try_advisory_lock%%' and state = 'idle'") > 0


def test_a_release_cancelled_while_waiting_for_the_lock_exits_5_and_changes_nothing(
    release: Release, tmp_path: Path
) -> None:
    marker = tmp_path / "first-tests-started"
    script = tmp_path / "slow_tests.py"
    done = tmp_path / "first-may-finish"
    script.write_text(  # the first release holds the lock until the test lets it finish
        f"import os, time\nopen({str(marker)!r}, 'w').close()\n"
        f"for _ in range(600):\n    if os.path.exists({str(done)!r}): break\n    time.sleep(0.1)\n"
    )
    release.test_command = f'"{sys.executable}" "{script}"'
    release.lock_wait = 30
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    first = threading.Thread(target=release.run)
    first.start()
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = _start(release)
        _wait_for(lambda: _waiting_for_lock(prod), "the second release waits", second)
        output, took = _stop(second, signal.SIGINT)
    finally:
        done.touch()
        first.join(30)

    assert second.returncode == 5, output
    assert "cancelled (SIGINT) while waiting for the release lock" in output
    assert "Nothing was changed" in output and took < GITHUB_GRACE_SECONDS
    runs, _ = release_rows(prod)
    assert [r["outcome"] for r in runs] == ["success"]  # only the first release is recorded
