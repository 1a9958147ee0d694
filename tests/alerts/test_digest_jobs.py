"""The digest's periodic task run by real procrastinate workers on one database: two workers
racing over the day's jobs send one digest; a channel that keeps failing is retried three times
(bounded) and then counts on the Overview's failed-jobs card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from alerts.conftest import Portfolio, channel_settings
from alerts.smtp_server import Mailbox
from app_role_login import as_app
from dragonfly.core.config import get_settings
from dragonfly.jobs.app import DIGEST_TASK, worker_app
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.services.overview import compute_metrics
from jobs.conftest import run_queued_jobs
from jobs.worker_process import start_worker, stop, wait_for
from release.servers import Cloud


@pytest.fixture
def digest_env(
    monkeypatch: pytest.MonkeyPatch, cloud: Cloud, mailbox: Mailbox, db_url: str
) -> Iterator[None]:
    """The worker reads its settings from the environment, as deployed; the time of day is
    midnight so the digest is always due."""
    ensure_job_schema(db_url)
    settings = channel_settings(cloud, mailbox)
    for name, value in settings.model_dump().items():
        wanted = name.startswith(("dragonfly_digest", "dragonfly_smtp", "dragonfly_dashboard"))
        if wanted and value is not None:
            raw = value.get_secret_value() if hasattr(value, "get_secret_value") else value
            monkeypatch.setenv(name.upper(), str(raw))
    monkeypatch.setenv("DRAGONFLY_DIGEST_TIME", "00:00")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def queue_digest_jobs(url: str, count: int) -> list[int]:
    with worker_app(url) as app, app.open():
        # Each its own queueing lock: the periodic deferrer keeps one in the queue at a time,
        # but here several wait at once so both workers take some.
        return [
            app.configure_task(DIGEST_TASK, queueing_lock=f"test-{n}").defer(timestamp=n)
            for n in range(count)
        ]


def digest_env_vars(cloud: Cloud, mailbox: Mailbox) -> dict[str, str]:
    """The digest's settings as environment variables, as a deployed worker reads them; the
    time of day is midnight so the digest is always due."""
    env = {}
    for name, value in channel_settings(cloud, mailbox).model_dump().items():
        wanted = name.startswith(("dragonfly_digest", "dragonfly_smtp", "dragonfly_dashboard"))
        if wanted and value is not None:
            raw = value.get_secret_value() if hasattr(value, "get_secret_value") else value
            env[name.upper()] = str(raw)
    return env | {"DRAGONFLY_DIGEST_TIME": "00:00"}


def all_jobs_finished(url: str, at_least: int) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = dict(
            conn.execute("select status::text, count(*) from procrastinate_jobs group by 1")
        )
    done = sum(n for status, n in rows.items() if status in ("succeeded", "failed"))
    return done >= at_least and not rows.get("todo") and not rows.get("doing")


def test_two_worker_processes_send_one_digest_a_day(
    digest_env: None,
    db_url: str,
    db: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    env = digest_env_vars(cloud, mailbox)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [start_worker(as_app(db_url), log, **env) for log in logs]
    try:
        for log in logs:
            wait_for("the worker's start", lambda log=log: "worker started" in log.read_text(),
                     60, log)  # fmt: skip
        queue_digest_jobs(db_url, 10)  # both workers are listening: they race for these
        wait_for("every job", lambda: all_jobs_finished(db_url, 10), 120, logs[0])
        ran_by = db.execute(
            "select count(distinct worker_id) from procrastinate_jobs where worker_id is not null"
        ).fetchone()[0]  # type: ignore[index]
        assert ran_by == 2  # both workers took digest jobs (the worker is kept until it stops)
    finally:
        for process in workers:
            stop(process)
    statuses = db.execute(
        "select status::text, count(*) from procrastinate_jobs group by 1"
    ).fetchall()
    # The six queued here, and any the workers' periodic deferrer queued for this quarter hour.
    assert len(statuses) == 1 and statuses[0][0] == "succeeded" and statuses[0][1] >= 6
    assert len(cloud.discord_delivered) == 1
    assert len(cloud.webhook_delivered) == 1
    assert len(mailbox.messages) == 1
    runs = db.execute("select day, status, attempts from digest_runs").fetchall()
    assert [(str(r[0]), r[1], r[2]) for r in runs] == [("2026-11-23", "sent", 1)]


def test_a_failing_channel_is_retried_three_times_then_counts_on_the_failed_jobs_card(
    digest_env: None,
    db_url: str,
    db: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
) -> None:
    cloud.discord_script = ["500"] * 40
    [job_id] = queue_digest_jobs(db_url, 1)
    for _ in range(4):  # the first try and three retries
        run_queued_jobs(db_url)
        # The retry waits five minutes: bring it forward, as the clock would.
        db.execute("update procrastinate_jobs set scheduled_at = now() where status = 'todo'")
    job = db.execute(
        "select status::text from procrastinate_jobs where id = %s", (job_id,)
    ).fetchone()
    assert job == ("failed",)  # after three retries it stays failed
    tries = db.execute(
        "select count(*) from procrastinate_events where job_id = %s and type = 'started'",
        (job_id,),
    ).fetchone()
    assert tries == (4,)
    run = db.execute("select status, delivered, problem from digest_runs").fetchone()
    assert run is not None and run[0] == "failed" and "HTTP 500" in run[2]
    assert "discord" not in run[1] and "webhook" in run[1]
    # Only Discord was tried again; the webhook and the email went once.
    assert len(cloud.webhook_delivered) == 1 and len(mailbox.messages) == 1
    # The card counts it (and any periodic digest job that failed the same way meanwhile).
    failed = db.execute(
        "select count(*) from procrastinate_jobs where status = 'failed'"
    ).fetchone()[0]  # type: ignore[index]
    metrics = {m["key"]: m for m in compute_metrics(db)}
    assert metrics["failed_jobs"]["value"] == failed >= 1
