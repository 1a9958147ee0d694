"""The deadline sweep and the daily rescore, run by a real worker."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york
from dragonfly.jobs.app import DEADLINE_TASK, RESCORE_TASK, worker_app
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.services.deadlines import sweep_deadlines
from dragonfly.services.judgments.detail import judgment_detail
from dragonfly.valuation import rebuild
from dragonfly.valuation.values_lock import lock_values_for_writing
from jobs.conftest import run_queued_jobs


def queue(url: str, task: str) -> None:
    ensure_job_schema(url)
    with worker_app(url) as app, app.open():
        app.configure_task(task).defer(timestamp=0)


def test_judgments_past_twenty_years_expire_and_score_zero(
    db: psycopg.Connection, db_url: str
) -> None:
    old = add_judgment(db, index_number="1/2000", entry_date=date(2000, 1, 3))
    young = add_judgment(db, index_number="2/2020", entry_date=date(2020, 1, 3))
    queue(db_url, DEADLINE_TASK)
    run_queued_jobs(db_url)
    rows = {r[0]: r[1:] for r in db.execute("select id, status::text, score from valued_judgments")}
    assert rows[old] == ("expired", 0)
    assert rows[young][0] == "active" and rows[young][1] > 0
    audit = db.execute(
        "select actor, after->>'status' from audit_events where entity_id = %s", (str(old),)
    ).fetchall()
    assert audit == [("job:deadline_sweep", "expired")]


def test_a_restraining_notice_lapses_after_a_year(db: psycopg.Connection) -> None:
    judgment = add_judgment(db, index_number="3/2024")
    served = today_in_new_york() - timedelta(days=400)
    action = db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, issued_on, served_on,"
        " created_by) values (%s, 'restraining_notice', 'served', %s, %s, 'test') returning id",
        (judgment, served, served),
    ).fetchone()[0]  # type: ignore[index]
    fresh = db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, issued_on, served_on,"
        " created_by) values (%s, 'restraining_notice', 'served', %s, %s, 'test') returning id",
        (judgment, today_in_new_york(), today_in_new_york()),
    ).fetchone()[0]  # type: ignore[index]
    with db.transaction():
        counts = sweep_deadlines(db)
    assert counts == {"judgments_expired": 0, "judgments_reopened": 0, "restraints_lapsed": 1}
    states = dict(db.execute("select id, state::text from enforcement_actions").fetchall())
    assert states == {action: "expired", fresh: "served"}
    history = db.execute(
        "select from_state::text, to_state::text, actor from action_transitions"
        " where action_id = %s",
        (action,),
    ).fetchall()
    assert history == [("served", "expired", "job:deadline_sweep")]


def test_daily_rescore_refreshes_stored_values(db: psycopg.Connection, db_url: str) -> None:
    judgment = add_judgment(db, index_number="4/2024")
    db.execute(
        "update judgment_values set balance = null, score = null where judgment_id = %s",
        (judgment,),
    )
    queue(db_url, RESCORE_TASK)
    run_queued_jobs(db_url)
    row = db.execute(
        "select balance, score from judgment_values where judgment_id = %s", (judgment,)
    ).fetchone()
    assert row is not None and row[0] is not None and row[1] is not None


def test_a_rescore_that_gives_up_is_tried_again_later_not_failed(
    db: psycopg.Connection, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_judgment(db, index_number="5/2024")
    monkeypatch.setattr(rebuild, "LOCK_WAIT_SECONDS", 0)
    queue(db_url, RESCORE_TASK)
    with psycopg.connect(db_url) as importing:
        lock_values_for_writing(importing)  # an import holds the values throughout
        run_queued_jobs(db_url)
        importing.rollback()
    job = db.execute(
        "select status::text, attempts, scheduled_at > now() + interval '5 minutes'"
        " from procrastinate_jobs where task_name = %s",
        (RESCORE_TASK,),
    ).fetchone()
    assert job == ("todo", 1, True)


def test_the_sweep_ends_a_restraint_on_the_day_the_judgment_page_shows(
    db: psycopg.Connection,
) -> None:
    # Served on Independence Day 2025: the anniversary is Saturday 4 July 2026, a holiday too.
    judgment = add_judgment(db, index_number="5/2025")
    served = date(2025, 7, 4)
    db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, issued_on, served_on,"
        " created_by) values (%s, 'restraining_notice', 'served', %s, %s, 'test')",
        (judgment, served, served),
    )
    shown = {d["name"]: d["due_on"] for d in judgment_detail(db, judgment)["deadlines"]}
    assert shown["restraint_lapses"] == date(2026, 7, 4)
    with db.transaction():
        assert sweep_deadlines(db, today=date(2026, 7, 3))["restraints_lapsed"] == 0
    with db.transaction():
        assert sweep_deadlines(db, today=date(2026, 7, 4))["restraints_lapsed"] == 1
