"""Written acknowledgments (CPLR 211(b)) through the API: they extend enforceability, are
audited as a sentence, move no money, and are refused plainly when malformed."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york

Headers = dict[str, dict[str, str]]
OLD = date(2005, 1, 10)


def acknowledge(client: TestClient, headers: dict[str, str], judgment: int, **body: object):  # type: ignore[no-untyped-def]
    url = f"/api/v1/judgments/{judgment}/acknowledgments"
    return client.post(url, json=body, headers=headers)


def detail(client: TestClient, tokens: Headers, judgment: int) -> dict[str, object]:
    response = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_an_acknowledgment_extends_enforceability_and_is_audited(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="70/2005", entry_date=OLD)
    before = detail(client, tokens, judgment)
    assert before["enforceability"]["sentence"] == (  # type: ignore[index]
        "Enforceable until 2025-01-10, 20 years from entry on 2005-01-10; confirm with counsel."
    )
    assert before["score"]["total"] == 0  # type: ignore[index]
    made = acknowledge(client, tokens["ops"], judgment, acknowledged_on="2019-08-20",
                       note="signed payment plan letter")  # fmt: skip
    assert made.status_code == 201, made.text
    assert made.json()["enforceability"]["until"] == "2039-08-20"
    after = detail(client, tokens, judgment)
    assert after["enforceability"]["sentence"] == (  # type: ignore[index]
        "Enforceable until 2039-08-20 because of the written acknowledgment of the debt on "
        "2019-08-20; confirm with counsel."
    )
    assert after["judgment"]["enforceable_until"] == "2039-08-20"  # type: ignore[index]
    assert after["score"]["total"] > 0  # type: ignore[index]
    assert after["balance"] == before["balance"] and after["ledger"] == []  # no money moved
    assert [a["acknowledged_on"] for a in after["acknowledgments"]] == ["2019-08-20"]  # type: ignore[union-attr,index]
    event = after["audit"][-1]  # type: ignore[index]
    assert event["action"] == "judgment.acknowledgment" and event["actor"] == "ops@example.com"
    assert event["sentence"] == (
        "Written acknowledgment of the debt dated 2019-08-20 (“signed payment plan letter”) "
        "recorded by ops@example.com; enforceable until 2025-01-10 → 2039-08-20."
    )
    listed = client.get("/api/v1/judgments", headers=tokens["viewer"]).json()["items"]
    assert listed[0]["enforceable_until"] == "2039-08-20" and listed[0]["overpaid"] == "0.00"


def test_a_payment_within_twenty_years_is_the_basis_and_its_reversal_is_not(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="71/2005", entry_date=OLD)
    url = f"/api/v1/judgments/{judgment}/ledger"
    paid = client.post(url, headers=tokens["ops"], json={
        "kind": "payment", "amount": "250.00", "effective_on": "2021-03-02"})  # fmt: skip
    assert paid.status_code == 201, paid.text
    shown = detail(client, tokens, judgment)
    assert shown["enforceability"]["sentence"] == (  # type: ignore[index]
        "Enforceable until 2041-03-02 because of the payment of $250.00 on 2021-03-02; "
        "confirm with counsel."
    )
    expires = {d["name"]: d["due_on"] for d in shown["deadlines"]}  # type: ignore[union-attr,index]
    assert expires["judgment_expires"] == "2041-03-02"
    assert "expired" not in str(shown["next_best_action"]["reason"]).lower()  # type: ignore[index]
    reversed_ = client.post(url, headers=tokens["ops"], json={
        "kind": "payment", "amount": "-250.00", "effective_on": "2021-03-09",
        "reverses_id": paid.json()["entry"]["id"]})  # fmt: skip
    assert reversed_.status_code == 201, reversed_.text
    assert detail(client, tokens, judgment)["enforceability"]["until"] == "2025-01-10"  # type: ignore[index]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"acknowledged_on": "2004-12-31"}, "acknowledged_on", "before the judgment's entry"),
        ({"acknowledged_on": str(date(2026, 11, 24))}, "acknowledged_on", "in the future"),
        ({"acknowledged_on": "20-08-2019"}, "acknowledged_on", "date"),
        ({"acknowledged_on": "2019-02-30"}, "acknowledged_on", "date"),
        ({}, "acknowledged_on", "required"),
        ({"acknowledged_on": "2019-08-20", "note": "x" * 1001}, "note", "1000"),
    ],
)
def test_malformed_acknowledgments_are_refused_naming_the_field(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    body: dict[str, object],
    field: str,
    words: str,
) -> None:
    judgment = add_judgment(db, index_number="72/2005", entry_date=OLD)
    response = acknowledge(client, tokens["ops"], judgment, **body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["details"]["errors"][0]["field"] == field
    assert words in str(error)
    assert db.execute("select count(*) from judgment_acknowledgments").fetchone() == (0,)
    audited = "select count(*) from audit_events where action = 'judgment.acknowledgment'"
    assert db.execute(audited).fetchone() == (0,)


def test_today_is_accepted_and_an_unknown_judgment_is_404(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="73/2005", entry_date=OLD)
    today = today_in_new_york()
    assert acknowledge(client, tokens["admin"], judgment,
                       acknowledged_on=str(today)).status_code == 201  # fmt: skip
    missing = acknowledge(client, tokens["ops"], 999_999, acknowledged_on=str(today))
    assert missing.status_code == 404
    # Made on or after the day it expired (2025-01-10), it revives nothing.
    assert detail(client, tokens, judgment)["enforceability"]["basis"] == "entry"  # type: ignore[index]


def test_a_viewer_cannot_record_an_acknowledgment(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="74/2005", entry_date=OLD)
    response = acknowledge(client, tokens["viewer"], judgment, acknowledged_on="2019-08-20")
    assert response.status_code == 403
    assert db.execute("select count(*) from judgment_acknowledgments").fetchone() == (0,)


@pytest.mark.parametrize(
    "statement",
    ["update judgment_acknowledgments set acknowledged_on = '2024-01-01'",
     "delete from judgment_acknowledgments"],
)  # fmt: skip
def test_the_app_cannot_edit_or_delete_an_acknowledgment(
    db: psycopg.Connection, app_db_url: str, statement: str
) -> None:
    judgment = add_judgment(db, index_number="75/2005", entry_date=OLD)
    db.execute(
        "insert into judgment_acknowledgments (judgment_id, acknowledged_on, created_by)"
        " values (%s, '2019-08-20', 'test')",
        (judgment,),
    )
    db.execute("select dragonfly_grant_app_v1()")  # granting again keeps them append-only
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)
