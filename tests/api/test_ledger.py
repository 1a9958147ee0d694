"""Money in the ledger changes the balance and the score; mistakes are reversed, never deleted."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york

Headers = dict[str, dict[str, str]]


@pytest.fixture
def judgment(db: psycopg.Connection) -> int:
    return add_judgment(
        db, index_number="300/2024", principal="30000.00", entry_date=date(2024, 6, 15)
    )


def pay(client: TestClient, headers: dict[str, str], judgment: int, **body: object):  # type: ignore[no-untyped-def]
    payload = {
        "kind": "payment",
        "amount": "20000.00",
        "effective_on": str(today_in_new_york()),
        "memo": "check 1001",
        **body,
    }
    return client.post(f"/api/v1/judgments/{judgment}/ledger", json=payload, headers=headers)


def test_a_payment_lowers_the_balance_and_the_score(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    before = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["ops"]).json()
    response = pay(client, tokens["ops"], judgment)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (
        body["entry"]["amount"] == "20000.00" and body["entry"]["created_by"] == "ops@example.com"
    )
    assert float(body["balance"]["balance"]) < float(before["balance"]["balance"]) - 19999
    assert body["balance"]["paid"] == "20000.00"
    # $30k+ was worth 25 amount points; about $15k is worth 20
    assert body["score"]["total"] < before["score"]["total"]
    stored = db.execute(
        "select balance, score from valued_judgments where id = %s", (judgment,)
    ).fetchone()
    assert stored is not None
    assert f"{stored[0]:.2f}" == body["balance"]["balance"] and stored[1] == body["score"]["total"]
    after = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert after["audit"][-1]["actor"] == "ops@example.com"
    assert after["audit"][-1]["action"] == "ledger.payment"
    assert after["audit"][-1]["before"]["balance"] == before["balance"]["balance"]


def test_a_mistake_is_corrected_by_a_reversing_entry(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    original = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["ops"]).json()
    entry = pay(client, tokens["ops"], judgment).json()["entry"]
    reversal = pay(
        client, tokens["ops"], judgment, amount="-20000.00", reverses_id=entry["id"], memo="bounced"
    )
    assert reversal.status_code == 201, reversal.text
    assert reversal.json()["balance"]["balance"] == original["balance"]["balance"]
    ledger = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["ops"]).json()["ledger"]
    assert [e["amount"] for e in ledger] == ["20000.00", "-20000.00"]  # both kept
    again = pay(client, tokens["ops"], judgment, amount="-20000.00", reverses_id=entry["id"])
    assert again.status_code == 422 and "already been reversed" in error_of(again)["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "-5.00"},
        {"amount": "0"},
        {"amount": "12.345"},
        {"amount": "ten dollars"},
        {"kind": "refund"},
        {"effective_on": "2024-13-01"},
        {"effective_on": "2020-01-01"},  # before the judgment was entered
        {"effective_on": str(today_in_new_york() + timedelta(days=3))},
        {"reverses_id": 999},
        {"amount": "1" * 20},
    ],
)
def test_malformed_entries_are_refused_with_422(
    client: TestClient, tokens: Headers, judgment: int, body: dict[str, object]
) -> None:
    response = pay(client, tokens["ops"], judgment, **body)
    assert response.status_code == 422, response.text
    named = [e["field"] for e in error_of(response)["details"]["errors"]]
    assert named == list(body), named  # the field the clerk must correct


def test_ledger_on_a_missing_judgment_is_404(client: TestClient, tokens: Headers) -> None:
    response = pay(client, tokens["admin"], 99999)
    assert response.status_code == 404


def test_the_same_amount_twice_on_one_day_asks_for_confirmation(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    assert pay(client, tokens["ops"], judgment, amount="250.00").status_code == 201
    twice = pay(client, tokens["ops"], judgment, amount="250.00")
    assert twice.status_code == 409
    error = error_of(twice)
    assert error["code"] == "possible_duplicate" and "already recorded" in error["message"]
    assert db.execute("select count(*) from ledger_entries").fetchone() == (1,)
    confirmed = pay(client, tokens["ops"], judgment, amount="250.00", confirm_duplicate=True)
    assert confirmed.status_code == 201
    # Another amount, or the same amount on another day, needs no confirmation.
    assert pay(client, tokens["ops"], judgment, amount="251.00").status_code == 201
    yesterday = str(today_in_new_york() - timedelta(days=1))
    assert (
        pay(client, tokens["ops"], judgment, amount="250.00", effective_on=yesterday).status_code
        == 201
    )


def test_an_overpayment_is_shown_as_owed_back(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    small = add_judgment(db, index_number="301/2026", principal="462.53",
                         entry_date=today_in_new_york())  # fmt: skip
    response = pay(client, tokens["ops"], small, amount="600.00")
    assert response.status_code == 201, response.text
    balance = response.json()["balance"]
    assert (balance["balance"], balance["overpaid"]) == ("0.00", "137.47")
    shown = client.get(f"/api/v1/judgments/{small}", headers=tokens["viewer"]).json()
    assert shown["balance"]["overpaid"] == "137.47"
