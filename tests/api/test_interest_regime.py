"""Moving judgments between the standard (9%) and consumer (2%) rates: one at a time, or a
filtered selection after a preview; a likely-consumer filter to review."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import psycopg
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.support import add_judgment, error_of
from dragonfly.cli.main import app
from dragonfly.core.clock import today_in_new_york

Headers = dict[str, dict[str, str]]


def cli_balance(principal: str, entered: date) -> Decimal:
    """What `dragonfly balance --consumer` says for the same inputs."""
    result = CliRunner().invoke(
        app, ["balance", "--principal", principal, "--entered", str(entered), "--consumer",
              "--as-of", str(today_in_new_york()), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return Decimal(json.loads(result.stdout)["balance"])


@pytest.fixture
def book(db: psycopg.Connection) -> dict[str, int]:
    """Two card judgments against individuals, one business debt, one card debt already at 2%."""
    ids = {
        "card_1": add_judgment(db, index_number="1/2023", principal="5000.00",
                               entry_date=date(2023, 3, 1), debtor="Pat Doe",
                               plaintiff="Midland Funding LLC"),
        "card_2": add_judgment(db, index_number="2/2023", principal="2500.00",
                               entry_date=date(2023, 6, 1), debtor="Lee Roe",
                               plaintiff="Capital One Bank (USA) N.A."),
        "business": add_judgment(db, index_number="3/2023", principal="9000.00",
                                 entry_date=date(2023, 3, 1), plaintiff="Acme Supply Corp"),
    }  # fmt: skip
    db.execute("update debtors set kind = 'individual' where name in ('Pat Doe', 'Lee Roe')")
    return ids


def test_likely_consumer_judgments_are_listed_for_review_and_changed_in_bulk(
    client: TestClient, tokens: Headers, db: psycopg.Connection, book: dict[str, int]
) -> None:
    listed = client.get("/api/v1/judgments?likely_consumer=true", headers=tokens["viewer"])
    assert sorted(i["index_number"] for i in listed.json()["items"]) == ["1/2023", "2/2023"]
    assert db.execute("select count(*) from judgments where interest_regime = 'consumer'"
                      ).fetchone() == (0,)  # nothing changes silently  # fmt: skip

    url = "/api/v1/judgments/interest-regime"
    preview = client.post(f"{url}/preview?likely_consumer=true", json={"regime": "consumer"},
                          headers=tokens["ops"]).json()  # fmt: skip
    assert preview["judgments"] == 2 and Decimal(preview["change"]) < 0
    done = client.post(
        f"{url}?likely_consumer=true",
        json={
            "regime": "consumer",
            "reason": "credit-card debt",
            "expected": 2,
            "selection": preview["selection"],
        },
        headers=tokens["ops"],
    )
    assert done.status_code == 200, done.text
    assert done.json()["change"] == preview["change"]
    for key, principal, entered in (("card_1", "5000", date(2023, 3, 1)),
                                    ("card_2", "2500", date(2023, 6, 1))):  # fmt: skip
        page = client.get(f"/api/v1/judgments/{book[key]}", headers=tokens["viewer"]).json()
        assert page["judgment"]["interest_regime"] == "consumer"
        assert Decimal(page["judgment"]["balance"]) == cli_balance(principal, entered)
    audited = db.execute(
        "select count(*), min(after->>'reason') from audit_events"
        " where action = 'judgment.interest_regime'"
    ).fetchone()
    assert audited == (2, "credit-card debt")
    again = client.get("/api/v1/judgments?likely_consumer=true", headers=tokens["viewer"])
    assert again.json()["items"] == []  # reviewed and changed: off the list


def test_a_stale_preview_is_refused_and_changes_nothing(
    client: TestClient, tokens: Headers, db: psycopg.Connection, book: dict[str, int]
) -> None:
    stale = client.post(
        "/api/v1/judgments/interest-regime?likely_consumer=true",
        json={"regime": "consumer", "reason": "cards", "expected": 5, "selection": "0" * 64},
        headers=tokens["ops"],
    )
    assert stale.status_code == 409 and "preview it again" in error_of(stale)["message"]
    assert db.execute("select count(*) from judgments where interest_regime = 'consumer'"
                      ).fetchone() == (0,)  # fmt: skip


def test_one_judgment_changes_with_a_reason_and_back(
    client: TestClient, tokens: Headers, book: dict[str, int]
) -> None:
    url = f"/api/v1/judgments/{book['card_1']}/interest-regime"
    missing = client.post(url, json={"regime": "consumer"}, headers=tokens["ops"])
    assert missing.status_code == 422
    assert error_of(missing)["details"]["errors"][0]["field"] == "reason"
    to_two = client.post(url, json={"regime": "consumer", "reason": "card debt"},
                         headers=tokens["ops"]).json()  # fmt: skip
    assert to_two["judgments"] == 1 and Decimal(to_two["change"]) < 0
    back = client.post(url, json={"regime": "standard", "reason": "business loan after all"},
                       headers=tokens["ops"]).json()  # fmt: skip
    assert back["change"] == str(-Decimal(to_two["change"]))
    viewer = client.post(url, json={"regime": "consumer", "reason": "x"},
                         headers=tokens["viewer"])  # fmt: skip
    assert viewer.status_code == 403
    bad = client.post(url, json={"regime": "usury", "reason": "x"}, headers=tokens["ops"])
    assert bad.status_code == 422


def test_the_same_count_of_other_judgments_is_refused_not_changed(
    client: TestClient, tokens: Headers, db: psycopg.Connection, book: dict[str, int]
) -> None:
    url = "/api/v1/judgments/interest-regime"
    preview = client.post(f"{url}/preview?likely_consumer=true", json={"regime": "consumer"},
                          headers=tokens["ops"]).json()  # fmt: skip
    assert preview["judgments"] == 2
    # Meanwhile card_1 goes to 2% and a third card judgment, at 2% so far, goes back to 9%: the
    # filter still selects two judgments to change, but not the two previewed.
    third = add_judgment(db, index_number="4/2023", principal="800.00", debtor="Kim Poe",
                         plaintiff="Midland Funding LLC")  # fmt: skip
    db.execute("update debtors set kind = 'individual' where name = 'Kim Poe'")
    db.execute("update judgments set interest_regime = 'consumer' where id = %s", (book["card_1"],))
    done = client.post(
        f"{url}?likely_consumer=true",
        json={"regime": "consumer", "reason": "cards", "expected": 2,
              "selection": preview["selection"]},
        headers=tokens["ops"],
    )  # fmt: skip
    assert done.status_code == 409, done.text
    assert "changed since the preview" in error_of(done)["message"]
    regimes = db.execute("select interest_regime::text from judgments where id = any(%s)"
                         " order by id", ([book["card_2"], third],)).fetchall()  # fmt: skip
    assert regimes == [("standard",), ("standard",)]
    assert db.execute("select count(*) from audit_events where action = 'judgment.interest_regime'"
                      ).fetchone() == (0,)  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"regime": "consumer", "reason": "cards", "expected": 2}, "selection"),
        ({"regime": "consumer", "reason": "cards", "expected": 2, "selection": "abc"},
         "selection"),
        ({"regime": "consumer", "reason": "cards", "selection": "0" * 64}, "expected"),
        ({"regime": "consumer", "reason": "", "expected": 2, "selection": "0" * 64}, "reason"),
    ],
)  # fmt: skip
def test_a_malformed_bulk_change_is_422_naming_the_field(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    book: dict[str, int],
    body: dict[str, object],
    field: str,
) -> None:
    done = client.post("/api/v1/judgments/interest-regime?likely_consumer=true", json=body,
                       headers=tokens["ops"])  # fmt: skip
    assert done.status_code == 422
    assert error_of(done)["details"]["errors"][0]["field"] == field
    viewer = client.post("/api/v1/judgments/interest-regime?likely_consumer=true",
                         json={**body, "expected": 2, "selection": "0" * 64, "reason": "x"},
                         headers=tokens["viewer"])  # fmt: skip
    assert viewer.status_code == 403
