"""The CEO's overview: real numbers, thresholds, and 'unavailable' instead of a made-up zero."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york
from dragonfly.ingest import ImportRefused, import_file
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.migrate.job_schema import ensure_job_schema

Headers = dict[str, dict[str, str]]


def metrics(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, object]]:
    body = client.get("/api/v1/overview", headers=headers).json()
    assert len(body["metrics"]) == 19
    return {m["key"]: m for m in body["metrics"]}


def test_an_empty_database_shows_unavailable_not_zero(client: TestClient, tokens: Headers) -> None:
    shown = metrics(client, tokens["viewer"])
    for key in (
        "money_under_management",
        "active_judgments",
        "import_success_rate",
        "data_integrity",
        "liquidation_rate",
        "failed_jobs",
    ):
        assert shown[key]["status"] == "unavailable", key
        assert shown[key]["value"] is None, key


def test_numbers_follow_the_data(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    first = add_judgment(db, index_number="1/2024", principal="10000.00")
    add_judgment(db, index_number="2/2024", principal="10000.00")
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 2000, %s, 'test')",
        (first, today_in_new_york() - timedelta(days=3)),
    )
    db.execute(
        "insert into import_batches (filename, sha256, status, rows_read, inserted,"
        " rejected, finished_at) values ('a.csv', repeat('a', 64), 'completed', 100, 95, 5,"
        " now()), ('b.csv', repeat('b', 64), 'failed', 0, 0, 0, now())"
    )
    shown = metrics(client, tokens["viewer"])
    assert shown["active_judgments"]["value"] == 2
    assert shown["collected_30d"]["value"] == "2000.00"
    assert shown["liquidation_rate"]["value"] == 10.0  # 2,000 of 20,000 placed
    assert shown["liquidation_rate"]["status"] == "green"
    # Inserted straight into the ledger, so never split: said, not guessed.
    assert "1 payment in the period had no split" in shown["fees_earned_30d"]["detail"]
    assert shown["import_success_rate"]["value"] == 50.0
    assert shown["import_success_rate"]["status"] == "red"
    assert shown["data_integrity"]["value"] == 95.0
    assert shown["intake_7d"]["value"] == 2


def test_failed_background_jobs_are_counted(
    client: TestClient, tokens: Headers, db: psycopg.Connection, db_url: str
) -> None:
    ensure_job_schema(db_url)
    job = db.execute(
        "insert into procrastinate_jobs (queue_name, task_name, args, status)"
        " values ('default', 'dragonfly.import_upload', '{}', 'failed') returning id"
    )
    db.execute(
        "insert into procrastinate_events (job_id, type) values (%s, 'failed')",
        (job.fetchone()[0],),
    )  # type: ignore[index]
    shown = metrics(client, tokens["viewer"])
    assert shown["failed_jobs"]["value"] == 1
    assert shown["failed_jobs"]["status"] == "amber"


def test_charts_are_present(client: TestClient, tokens: Headers, db: psycopg.Connection) -> None:
    add_judgment(db, index_number="9/2024")
    charts = client.get("/api/v1/overview", headers=tokens["viewer"]).json()["charts"]
    assert set(charts) == {"collected_by_week", "liquidation_by_month", "by_tier", "funnel"}
    assert sum(row["count"] for row in charts["by_tier"]) == 1


def test_aging_counts_judgments_entered_over_90_days_ago_that_never_had_an_action(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    today = today_in_new_york()
    # All three were imported today: the count goes by entry date, not by import date.
    add_judgment(db, index_number="1/2023", entry_date=today - timedelta(days=200))
    acted = add_judgment(db, index_number="2/2023", entry_date=today - timedelta(days=200))
    add_judgment(db, index_number="3/2026", entry_date=today - timedelta(days=30))
    db.execute(
        "insert into enforcement_actions (judgment_id, kind, created_by)"
        " values (%s, 'demand_letter', 'test')",
        (acted,),
    )
    assert metrics(client, tokens["viewer"])["aging_no_action"]["value"] == 1


def test_a_refused_import_stays_in_the_history_and_counts_against_success(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    bad = write_demo_file(tmp_path / "bad.csv", 50, "court", defect_rate=0.9)
    with pytest.raises(ImportRefused):
        import_file(db_url, bad, actor="ops@example.com")
    history = client.get("/api/v1/imports", headers=tokens["viewer"]).json()["items"]
    assert [(b["filename"], b["status"]) for b in history] == [("bad.csv", "refused")]
    assert "nothing was imported" in history[0]["message"]
    shown = metrics(client, tokens["viewer"])["import_success_rate"]
    assert (shown["value"], shown["status"]) == (0.0, "red")


def test_refunds_owed_are_shown_and_collected_counts_only_money_kept(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    """A $600 payment on a $100 judgment keeps about $100 and owes the rest back; a reversed
    payment is neither kept nor owed."""
    today = today_in_new_york()
    small = add_judgment(db, index_number="10/2026", principal="100.00", entry_date=today)
    other = add_judgment(db, index_number="11/2026", principal="1000.00", entry_date=today)
    pay = f"/api/v1/judgments/{small}/ledger"
    paid_before = {"kind": "payment", "amount": "60.00", "effective_on": str(today)}
    assert client.post(pay, headers=tokens["ops"], json=paid_before).status_code == 201
    over = {"kind": "payment", "amount": "600.00", "effective_on": str(today),
            "confirm_duplicate": True}  # fmt: skip
    assert client.post(pay, headers=tokens["ops"], json=over).status_code == 201
    paid = {"kind": "payment", "amount": "50.00", "effective_on": str(today)}
    bounced = client.post(f"/api/v1/judgments/{other}/ledger", headers=tokens["ops"], json=paid)
    client.post(f"/api/v1/judgments/{other}/ledger", headers=tokens["ops"], json={
        "kind": "payment", "amount": "-50.00", "effective_on": str(today),
        "reverses_id": bounced.json()["entry"]["id"]})  # fmt: skip
    overpaid = db.execute(
        "select overpaid from judgment_values where judgment_id = %s", (small,)
    ).fetchone()[0]  # type: ignore[index]
    assert overpaid == Decimal("560.00")  # entered today: no interest yet
    shown = metrics(client, tokens["viewer"])
    assert shown["refunds_owed"]["value"] == "560.00"
    assert shown["refunds_owed"]["status"] == "amber"
    detail = shown["refunds_owed"]["detail"]
    assert detail.startswith("Paid beyond the balance on 1 judgment and not yet refunded")
    assert shown["collected_30d"]["value"] == "100.00"  # 660 paid, 560 owed back, 50 reversed
    assert shown["liquidation_rate"]["value"] == 9.1  # 100 of 1,100 placed
    week = client.get("/api/v1/overview", headers=tokens["viewer"]).json()["charts"]
    assert sum(float(w["amount"]) for w in week["collected_by_week"]) == 100.0
    listed = client.get("/api/v1/judgments?sort=entry_date", headers=tokens["viewer"]).json()
    assert {row["id"]: row["overpaid"] for row in listed["items"]} == {
        small: "560.00",
        other: "0.00",
    }


def test_the_deadline_cards_show_what_is_expiring_lapsing_paid_and_overdue(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    from datetime import date

    from dragonfly.valuation import refresh_judgments

    empty = metrics(client, tokens["viewer"])
    assert empty["expiring_90d"]["value"] == "0.00" and empty["overdue_deadlines"]["value"] == 0
    # Today is 2026-11-23: entered 2006-11-30, it stops being enforceable in seven days.
    expiring = add_judgment(db, index_number="EXP-1/2006", principal="46468.93",
                            entry_date=date(2006, 11, 30))  # fmt: skip
    # A Supreme Court judgment docketed 2017-03-14: its lien lapses 2027-03-14.
    lien = add_judgment(db, index_number="LIEN-1/2017", principal="5000.00",
                        entry_date=date(2017, 3, 14))  # fmt: skip
    db.execute("update judgments set court_code = 'SUP-KINGS' where id = %s", (lien,))
    paid = add_judgment(db, index_number="PAID-1/2026", principal="100.00",
                        entry_date=date(2026, 11, 2))  # fmt: skip
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 200, '2026-11-10', 'test')",
        (paid,),
    )
    db.execute(
        "with made as (insert into enforcement_actions (judgment_id, kind, state, served_on,"
        " due_on, created_by) values (%s, 'information_subpoena', 'served', '2026-11-02',"
        " '2026-11-09', 'test') returning id)"
        " insert into action_deadlines (action_id, name, due_on)"
        " select id, 'answer_due', '2026-11-09' from made",
        (lien,),
    )
    refresh_judgments(db, judgment_ids=[expiring, lien, paid])
    balance = db.execute(
        "select balance from judgment_values where judgment_id = %s", (expiring,)
    ).fetchone()[0]  # type: ignore[index]
    db.execute("delete from overview_snapshots")
    shown = metrics(client, tokens["viewer"])
    assert shown["expiring_90d"]["value"] == str(balance)
    detail = shown["expiring_90d"]["detail"]
    assert detail.startswith("1 active or on-hold judgment stops being enforceable")  # type: ignore[union-attr]
    assert shown["expiring_90d"]["status"] == "red"  # over the amber line of $10,000
    assert shown["liens_lapsing_12m"]["value"] == 1
    assert shown["awaiting_satisfaction"]["value"] == 1
    assert shown["overdue_deadlines"]["value"] == 1
    assert shown["overdue_deadlines"]["status"] == "red"


def test_net_to_clients_fees_and_liquidation_by_placement_month(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    from decimal import Decimal

    from dragonfly.domain.client_money import Terms
    from dragonfly.domain.vocabulary import LedgerKind
    from dragonfly.services.ledger import record_entry
    from dragonfly.services.money.agreements import set_agreement

    judgment = add_judgment(db, index_number="LQ-1/2024", principal="4000.00")
    add_judgment(db, index_number="LQ-2/2024", principal="6000.00")
    plaintiff = db.execute("select plaintiff_id from judgments where id = %s", (judgment,))
    set_agreement(
        db, plaintiff.fetchone()[0], Terms(fee_percent=Decimal("30")),  # type: ignore[index]
        today_in_new_york() - timedelta(days=400), "admin",
    )  # fmt: skip
    record_entry(
        db, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("1000.00"),
        effective_on=today_in_new_york() - timedelta(days=2), memo="", reverses_id=None,
        actor="ops",
    )  # fmt: skip
    body = client.get("/api/v1/overview", headers=tokens["viewer"]).json()
    shown = {m["key"]: m for m in body["metrics"]}
    assert shown["collected_30d"]["label"] == "Gross collected, last 30 days"
    assert (shown["net_to_clients_30d"]["value"], shown["fees_earned_30d"]["value"]) == (
        "700.00",
        "300.00",
    )
    [month] = body["charts"]["liquidation_by_month"]
    assert (month["placed"], month["collected"], month["rate"]) == ("10000.00", "1000.00", 10.0)
