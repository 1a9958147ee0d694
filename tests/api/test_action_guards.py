"""Guards on enforcement actions: what cannot be enforced, what the CPLR forbids, dates that
cannot be true."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york

Headers = dict[str, dict[str, str]]


def start(client: TestClient, tokens: Headers, judgment: int, kind: str, **body: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/judgments/{judgment}/actions", json={"kind": kind, **body}, headers=tokens["ops"]
    )


def move(client: TestClient, tokens: Headers, action: int, **body: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/actions/{action}/transition", json=body, headers=tokens["ops"])


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("satisfied", "is satisfied"),
        ("vacated", "was vacated"),
        ("expired", "has expired"),
        ("on_hold", "is on hold"),
    ],
)
def test_no_action_starts_on_a_judgment_that_cannot_be_enforced(
    client: TestClient, tokens: Headers, db: psycopg.Connection, status: str, words: str
) -> None:
    judgment = add_judgment(db, index_number="1/2024", status=status)
    response = start(client, tokens, judgment, "income_execution")
    assert response.status_code == 409
    assert words in error_of(response)["message"]
    assert db.execute("select count(*) from enforcement_actions").fetchone() == (0,)


def test_no_action_starts_on_a_judgment_paid_in_full(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="2/2024", principal="500.00",
                            entry_date=today_in_new_york() - timedelta(days=10))  # fmt: skip
    paid = client.post(
        f"/api/v1/judgments/{judgment}/ledger",
        json={"kind": "payment", "amount": "600.00", "effective_on": str(today_in_new_york())},
        headers=tokens["ops"],
    )
    assert paid.status_code == 201, paid.text
    response = start(client, tokens, judgment, "income_execution")
    assert response.status_code == 409
    assert "nothing is left to collect" in error_of(response)["message"]


def test_one_open_income_execution_per_debtor(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    first = add_judgment(db, index_number="3/2024", debtor="Pat Doe")
    second = add_judgment(db, index_number="4/2024", debtor="Pat Doe")
    # Two judgments against one debtor (the helper makes a debtor per judgment).
    db.execute("update judgments set debtor_id = (select debtor_id from judgments where id = %s)"
               " where id = %s", (first, second))  # fmt: skip
    assert start(client, tokens, first, "income_execution").status_code == 201
    refused = start(client, tokens, second, "income_execution")
    assert refused.status_code == 409
    assert "CPLR 5231" in error_of(refused)["message"]
    assert start(client, tokens, second, "information_subpoena").status_code == 201


def test_a_second_restraint_on_the_same_garnishee_needs_leave_of_court(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="5/2024")
    first = start(client, tokens, judgment, "restraining_notice", third_party="Chase Bank").json()
    move(client, tokens, first["id"], to_state="issued")
    move(client, tokens, first["id"], to_state="served")
    again = start(client, tokens, judgment, "restraining_notice", third_party="CHASE BANK.")
    assert again.status_code == 409
    assert "leave of court (CPLR 5222(c))" in error_of(again)["message"]
    other_bank = start(client, tokens, judgment, "restraining_notice", third_party="Citibank")
    assert other_bank.status_code == 201
    # A second draft to the same bank counts too: it would be the second notice once served.
    draft_again = start(client, tokens, judgment, "restraining_notice", third_party="Citibank")
    assert draft_again.status_code == 409
    with_leave = start(client, tokens, judgment, "restraining_notice", third_party="Chase Bank",
                       leave_of_court="Order of 2026-11-02, Kings County Civil Court")  # fmt: skip
    assert with_leave.status_code == 201, with_leave.text
    assert with_leave.json()["leave_of_court"].startswith("Order of 2026-11-02")


@pytest.mark.parametrize(
    ("on", "words"),
    [(date(2020, 1, 1), "before the judgment was entered"), (None, "in the future")],
)
def test_a_step_cannot_be_dated_before_entry_or_in_the_future(
    client: TestClient, tokens: Headers, db: psycopg.Connection, on: date | None, words: str
) -> None:
    judgment = add_judgment(db, index_number="6/2024", entry_date=date(2024, 6, 15))
    action = start(client, tokens, judgment, "information_subpoena").json()
    when = on or today_in_new_york() + timedelta(days=1)
    response = move(client, tokens, action["id"], to_state="issued", on=str(when))
    assert response.status_code == 422
    error = error_of(response)
    assert words in error["message"] and error["details"]["errors"][0]["field"] == "on"
    state = db.execute("select state::text from enforcement_actions where id = %s",
                       (action["id"],)).fetchone()  # fmt: skip
    assert state == ("draft",)


def test_a_withholding_income_execution_is_not_overdue(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="7/2024")
    action = start(client, tokens, judgment, "income_execution").json()
    move(client, tokens, action["id"], to_state="issued", on=str(date(2025, 1, 6)))
    served = move(client, tokens, action["id"], to_state="served", on=str(date(2025, 1, 7)))
    assert served.json()["due_on"] is not None  # the employer step is due 20 days later
    withholding = move(client, tokens, action["id"], to_state="withholding").json()
    assert withholding["due_on"] is None
    overdue = client.get("/api/v1/actions?due=overdue", headers=tokens["viewer"]).json()
    assert overdue["total"] == 0


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([("issued", date(2025, 3, 10)), ("served", date(2025, 3, 9))], "before it was issued"),
        (
            [("issued", date(2025, 3, 10)), ("served", date(2025, 3, 12)),
             ("cancelled", date(2025, 3, 11))],
            "before it was served",
        ),
    ],
)  # fmt: skip
def test_a_later_step_cannot_be_dated_before_an_earlier_one(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    steps: list[tuple[str, date]],
    words: str,
) -> None:
    judgment = add_judgment(db, index_number="8/2024", entry_date=date(2024, 6, 15))
    action = start(client, tokens, judgment, "property_execution").json()
    *earlier, (last_state, last_on) = steps
    for state, on in earlier:
        assert move(client, tokens, action["id"], to_state=state, on=str(on)).status_code == 200
    response = move(client, tokens, action["id"], to_state=last_state, on=str(last_on))
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert words in error["message"] and error["details"]["errors"][0]["field"] == "on"
    state = db.execute("select state::text from enforcement_actions where id = %s",
                       (action["id"],)).fetchone()  # fmt: skip
    assert state == (earlier[-1][0],)
    # The same step on the day of the earlier one, or after it, is accepted.
    same_day = move(client, tokens, action["id"], to_state=last_state, on=str(earlier[-1][1]))
    assert same_day.status_code == 200, same_day.text


def test_no_action_starts_while_the_balance_is_unknown(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="9/2024")
    db.execute("update judgment_values set balance = null where judgment_id = %s", (judgment,))
    response = start(client, tokens, judgment, "information_subpoena")
    assert response.status_code == 409
    assert "no balance worked out yet" in error_of(response)["message"]
    assert db.execute("select count(*) from enforcement_actions").fetchone() == (0,)
    page = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert "no balance worked out yet" in page["standing"]["no_action_because"]
