"""One release at a time, secrets never shown, and a dry run that changes nothing."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest
from psycopg.conninfo import make_conninfo

from dragonfly.release import ReleaseLocked, load_release_config, plan_release, run_release
from dragonfly.release.model import Step

from .cli import run_cli
from .conftest import Release, add_migration, release_rows, snapshot


def test_second_release_waits_its_bounded_time_then_exits_4(
    release: Release, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    release.test_command = f'"{sys.executable}" -c "import time; time.sleep(2)"'
    release.lock_wait = 0.5
    holding = threading.Event()

    def first_started(step: Step) -> None:
        if step.key == "preflight":
            holding.set()

    first = threading.Thread(target=lambda: release.run(on_step=first_started))
    first.start()
    try:
        assert holding.wait(20)
        started = time.monotonic()
        code, _, err = run_cli(
            ["release", "--config", str(release.config_path())],
            release.environ,
            release.home,
            monkeypatch,
            capsys,
        )
        waited = time.monotonic() - started
    finally:
        first.join(30)
    assert code == 4
    assert "Another release is running" in err and "Nothing was changed" in err
    assert 0.5 <= waited < 5
    runs, _ = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert len(runs) == 1  # the refused run recorded nothing
    assert release.cloud.hook_calls == {"backend": 1, "dashboard": 1}


def test_unreachable_production_uses_a_local_file_lock_and_a_local_record(
    release: Release,
) -> None:
    release.environ["SUPABASE_DB_URL_PROD"] = "postgresql://app:pw@127.0.0.1:9/prod"
    lock_path = release.home / "release-runs" / ".lock"
    lock_path.parent.mkdir(parents=True)
    import fcntl

    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        release.lock_wait = 0.3
        with pytest.raises(ReleaseLocked, match="local lock file"):
            release.run()
    report = release.run()
    assert report.exit_code == 3
    assert "did not answer" in report.run.step("preflight").message
    assert "recorded in" in report.recorded
    [saved] = (release.home / "release-runs").glob("*.json")
    data = json.loads(saved.read_text())
    assert data["outcome"] == "failed" and data["failed_step"] == "Preflight"
    assert release.cloud.discord_delivered[0]["embeds"][0]["title"].startswith("❌")


SECRETS = {
    "db": "dbpass-Zq81xVv",
    "railway": "railway-token-K3j9",
    "vercel": "vercel-token-P0o7",
    "discord": "discord-token-Hh55",
    "extra": "unrelated-api-key-Wm2",
    "prod": "prodpass-Yy42tRr",
    "notify": "notify-token-Qq19",
}


def _plant_secrets(release: Release, dev: str, prod: str) -> None:
    base = release.cloud.base_url
    env = release.environ
    env["SUPABASE_DB_URL_DEV"] = make_conninfo(dev, password=SECRETS["db"])
    env["SUPABASE_DB_URL_PROD"] = make_conninfo(prod, password=SECRETS["prod"])
    env["RELEASE_NOTIFY_WEBHOOK_URL"] = f"{base}/notify/{SECRETS['notify']}"
    env["RAILWAY_DEPLOY_WEBHOOK"] = f"http://127.0.0.1:9/hooks/backend/{SECRETS['railway']}"
    env["VERCEL_DEPLOY_WEBHOOK"] = f"{base}/hooks/dashboard/{SECRETS['vercel']}"
    env["DISCORD_WEBHOOK_URL"] = f"{base}/discord/1/{SECRETS['discord']}"
    env["THIRD_PARTY_API_KEY"] = SECRETS["extra"]


def _assert_clean(text: str) -> None:
    for name, secret in SECRETS.items():
        assert secret not in text, f"{name} secret leaked"


def test_secrets_never_appear_in_output_record_or_messages(
    release: Release,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    dev = release.environ["SUPABASE_DB_URL_DEV"]
    _plant_secrets(release, dev, prod)
    # The test command prints its whole environment, then fails: its output is kept.
    release.test_command = (
        f'"{sys.executable}" -c "import os; print(dict(os.environ)); raise SystemExit(1)"'
    )
    summary = tmp_path / "summary.md"
    args = ["release", "--config", str(release.config_path()), "--summary-file", str(summary)]
    failed = run_cli(args, release.environ, release.home, monkeypatch, capsys)
    release.test_command = f'"{sys.executable}" -c "print(1)"'
    release.config_path()  # rewritten with the passing command
    amber = run_cli([*args, "--json"], release.environ, release.home, monkeypatch, capsys)

    assert (failed[0], amber[0]) == (1, 10)
    assert "***" in failed[1]  # the test output was shown, masked
    runs, steps = release_rows(prod)
    assert len(runs) == 2 and len(release.cloud.webhook_delivered) == 2
    everything = [
        failed[1],
        failed[2],
        amber[1],
        amber[2],
        summary.read_text(),
        json.dumps(runs, default=str),
        json.dumps(steps, default=str),
        json.dumps(release.cloud.discord_delivered),
        json.dumps(release.cloud.webhook_delivered),
    ]
    assert len(release.cloud.discord_delivered) == 2
    for text in everything:
        _assert_clean(text)


def test_dry_run_changes_nothing_and_lists_pending_migrations(release: Release) -> None:
    pending = add_migration(release.migrations, "29991231000001", "dry", "create table d (i int);")
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    before = snapshot(prod)
    runs_before = release_rows(prod)

    config = load_release_config(release.config_path())
    report = plan_release(config, release.environ)

    assert report.exit_code == 0
    assert report.pending == [pending]
    assert pending in report.run.step("migrations").message
    assert snapshot(prod) == before and release_rows(prod) == runs_before
    assert release.cloud.hook_calls == {}
    assert release.cloud.discord_attempts == 0 and release.cloud.webhook_delivered == []
    assert not (release.home / "release-runs").exists()


def test_dry_run_reports_a_preflight_failure_with_exit_3(release: Release) -> None:
    add_migration(release.migrations, "29991231000001", "drop", "drop table judgments;")
    config = load_release_config(release.config_path())

    report = plan_release(config, release.environ)

    assert report.exit_code == 3
    assert "lint" in report.run.step("preflight").message


def test_edited_applied_migration_stops_preflight_and_changes_nothing(release: Release) -> None:
    first = sorted(release.migrations.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after it was applied\n")
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    before = snapshot(prod)

    config = load_release_config(release.config_path())
    report = run_release(config, release.environ, home=release.home)

    assert report.exit_code == 3
    assert f"{first.name} was edited after it was applied" in report.run.step("preflight").message
    assert snapshot(prod) == before and release.cloud.hook_calls == {}
    assert release.cloud.discord_delivered[0]["embeds"][0]["title"].endswith("FAILED")


def test_an_interrupt_is_recorded_as_cancelled_and_announced(release: Release) -> None:
    def interrupt(step: Step) -> None:
        if step.key == "tests":
            raise KeyboardInterrupt

    report = release.run(on_step=interrupt)

    assert report.exit_code == 5
    runs, steps = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert runs[0]["outcome"] == "cancelled" and runs[0]["finished_at"] is not None
    assert {s["status"] for s in steps} <= {"success", "failed", "skipped"}
    assert release.cloud.hook_calls == {}
    [message] = release.cloud.discord_delivered
    assert (
        "Cancelled by SIGINT before Migrations (production)" in message["embeds"][0]["description"]
    )


def test_a_bug_mid_run_is_recorded_as_failed_and_still_announced(release: Release) -> None:
    def crash(step: Step) -> None:
        if step.key == "tests":
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        release.run(on_step=crash)

    runs, steps = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert runs[0]["outcome"] == "failed" and runs[0]["finished_at"] is not None
    assert "running" not in {s["status"] for s in steps}
    [message] = release.cloud.discord_delivered
    assert message["embeds"][0]["title"] == "❌ Dragonfly Prod Deploy FAILED"
    assert (
        "Stopped unexpectedly (RuntimeError) before Migrations"
        in message["embeds"][0]["description"]
    )


def test_a_cancel_between_deploys_says_which_app_changed(release: Release) -> None:
    def interrupt(step: Step) -> None:
        if step.key == "deploy:backend":
            raise KeyboardInterrupt

    report = release.run(on_step=interrupt)

    assert report.exit_code == 5 and release.cloud.hook_calls == {"backend": 1}
    [message] = release.cloud.discord_delivered
    description = message["embeds"][0]["description"]
    assert "Cancelled by SIGINT before Verify backend (Railway)" in description
    assert "The production database is up to date" in description
    assert "backend (Railway): deploy started, not verified" in description
    assert "dashboard (Vercel): not deployed, the old version keeps running" in description
