"""A judgment's status, changed by a person with a reason: satisfied, vacated, on hold, active."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.business_days import next_business_day
from dragonfly.valuation import judgment_valuation

Headers = dict[str, dict[str, str]]


def change(client: TestClient, tokens: Headers, judgment: int, **body: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/judgments/{judgment}/status", json=body, headers=tokens["ops"])


def detail(client: TestClient, tokens: Headers, judgment: int) -> dict:  # type: ignore[type-arg]
    return dict(client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json())


def test_paid_in_full_proposes_satisfaction_which_stops_enforcement_and_opens_5020(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    today = today_in_new_york()
    judgment = add_judgment(db, index_number="1/2026", principal="400.00",
                            entry_date=today - timedelta(days=30))  # fmt: skip
    payment = {"kind": "payment", "amount": "500.00", "effective_on": str(today)}
    client.post(f"/api/v1/judgments/{judgment}/ledger", json=payment, headers=tokens["ops"])
    proposal = detail(client, tokens, judgment)["next_best_action"]
    assert proposal["action"] is None and proposal["reason"].startswith("Paid in full: mark")

    done = change(client, tokens, judgment, status="satisfied", reason="paid by check 1042")
    assert done.status_code == 200, done.text
    standing = done.json()
    assert standing["status"] == "satisfied" and standing["status_on"] == str(today)
    assert standing["allowed_moves"] == ["active"]
    assert standing["balance"] == "0.00" and Decimal(standing["overpaid"]) > 0  # owed back
    page = detail(client, tokens, judgment)
    due = {d["name"]: d["due_on"] for d in page["deadlines"]}
    # 20 days after, moved off a weekend or holiday (GCL 25-a): on the suite's pinned date,
    # 2026-11-23, that is Sunday 2026-12-13, so Monday 2026-12-14.
    assert due["satisfaction_piece_due"] == str(next_business_day(today + timedelta(days=20)))
    assert page["standing"]["status_reason"] == "paid by check 1042"
    assert page["next_best_action"]["reason"].startswith("The judgment is satisfied")
    refused = client.post(f"/api/v1/judgments/{judgment}/actions",
                          json={"kind": "demand_letter"}, headers=tokens["ops"])  # fmt: skip
    assert refused.status_code == 409
    audit = db.execute(
        "select actor, before->>'status', after->>'status' from audit_events"
        " where action = 'judgment.status'"
    ).fetchall()
    assert audit == [("ops@example.com", "active", "satisfied")]


def test_interest_stops_on_the_day_of_vacatur(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="2/2024", entry_date=date(2024, 1, 2))
    vacated_on = date(2025, 1, 2)
    then = judgment_valuation(db, judgment, vacated_on).balance.balance
    assert change(client, tokens, judgment, status="vacated", reason="order of 2025-01-02",
                  on=str(vacated_on)).status_code == 200  # fmt: skip
    page = detail(client, tokens, judgment)
    assert Decimal(page["balance"]["balance"]) == then
    assert Decimal(page["standing"]["balance"]) == then  # the stored value agrees
    assert page["standing"]["interest_stopped_on"] == str(vacated_on)
    assert page["judgment"]["score"] == 0


def test_a_hold_needs_an_end_date_and_can_be_lifted(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="3/2024")
    missing = change(client, tokens, judgment, status="on_hold", reason="debtor in bankruptcy")
    assert missing.status_code == 422
    assert error_of(missing)["details"]["errors"][0]["field"] == "until"
    until = str(today_in_new_york() + timedelta(days=60))
    held = change(client, tokens, judgment, status="on_hold", reason="bankruptcy stay", until=until)
    assert held.json()["hold_until"] == until
    held_page = detail(client, tokens, judgment)
    assert "on hold" in held_page["next_best_action"]["reason"]
    assert {"name": "hold_ends", "due_on": until} in [
        {k: d[k] for k in ("name", "due_on")} for d in held_page["deadlines"]
    ]  # the day it is reviewed is on the judgment's deadlines
    lifted = change(client, tokens, judgment, status="active", reason="stay lifted")
    assert lifted.json()["status"] == "active" and lifted.json()["hold_until"] is None
    names = [d["name"] for d in detail(client, tokens, judgment)["deadlines"]]
    assert "hold_ends" not in names


@pytest.mark.parametrize(
    ("start", "body", "status_code", "words"),
    [
        ("expired", {"status": "active", "reason": "x"}, 409, "set by the rules"),
        ("satisfied", {"status": "on_hold", "reason": "x", "until": "2027-01-01"}, 409,
         "Allowed from satisfied: active"),
        ("active", {"status": "satisfied", "reason": "x", "on": "2020-01-01"}, 422,
         "between the entry"),
        ("active", {"status": "satisfied", "reason": "x", "on": "2099-01-01"}, 422,
         "between the entry"),
        ("active", {"status": "satisfied", "reason": ""}, 422, "reason"),
        ("active", {"status": "sold", "reason": "x"}, 422, "status"),
    ],
)  # fmt: skip
def test_changes_that_cannot_be_made_are_refused_and_change_nothing(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    start: str,
    body: dict[str, object],
    status_code: int,
    words: str,
) -> None:
    judgment = add_judgment(db, index_number="4/2024", status=start)
    response = change(client, tokens, judgment, **body)
    assert response.status_code == status_code
    assert words in str(error_of(response))
    assert db.execute("select status::text from judgments").fetchone() == (start,)
    audited = db.execute("select count(*) from audit_events where action = 'judgment.status'")
    assert audited.fetchone() == (0,)


def test_a_viewer_cannot_change_a_status(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="5/2024")
    body = {"status": "vacated", "reason": "x"}
    url = f"/api/v1/judgments/{judgment}/status"
    response = client.post(url, json=body, headers=tokens["viewer"])
    assert response.status_code == 403


def test_a_payment_after_satisfaction_still_counts_but_interest_does_not_run_on(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="6/2025", principal="10000.00",
                            entry_date=date(2025, 1, 2))  # fmt: skip
    settled_on = date(2026, 1, 2)
    at_settlement = judgment_valuation(db, judgment, settled_on).balance.balance
    assert change(client, tokens, judgment, status="satisfied", reason="settled for less",
                  on=str(settled_on)).status_code == 200  # fmt: skip
    # The last check clears after the satisfaction date; it is recorded and counted.
    late = {"kind": "payment", "amount": "1000.00", "effective_on": "2026-03-02"}
    assert client.post(f"/api/v1/judgments/{judgment}/ledger", json=late,
                       headers=tokens["ops"]).status_code == 201  # fmt: skip
    page = detail(client, tokens, judgment)
    expected = at_settlement - Decimal("1000.00")  # no interest after the satisfaction date
    assert Decimal(page["balance"]["balance"]) == expected
    assert Decimal(page["standing"]["balance"]) == expected  # the stored value agrees
