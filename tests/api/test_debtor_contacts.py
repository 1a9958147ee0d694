"""Recording where to reach a debtor: addresses and phones, corrected and retired, audited; an
address found for a debtor with none makes its judgments locatable at once."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york
from dragonfly.valuation import refresh_judgments

Headers = dict[str, dict[str, str]]
DEBTOR_EVENTS = "select count(*) from audit_events where entity = 'debtor'"
ADDRESS = "55 Water St Apt 4B, New York, New York 10041"


@pytest.fixture
def judgment(db: psycopg.Connection) -> int:
    return add_judgment(db, index_number="901/2024", principal="45000.00",
                        entry_date=date(2024, 6, 15))  # fmt: skip


@pytest.fixture
def nowhere(db: psycopg.Connection) -> int:
    """A judgment whose debtor has no address on record (locatability 0)."""
    judgment = add_judgment(db, index_number="902/2024", principal="45000.00",
                            entry_date=date(2024, 6, 15))  # fmt: skip
    db.execute(
        "update debtors set street = null, city = null, state = null, zip = null"
        " where id = (select debtor_id from judgments where id = %s)",
        (judgment,),
    )
    refresh_judgments(db, judgment_ids=[judgment])
    return judgment


def debtor_of(client: TestClient, tokens: Headers, judgment: int) -> int:
    body = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    return int(body["judgment"]["debtor"]["id"])


def page(client: TestClient, tokens: Headers, judgment: int) -> dict:  # type: ignore[type-arg]
    return client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()


def locatability(body: dict) -> tuple[int, str]:  # type: ignore[type-arg]
    found = next(c for c in body["score"]["components"] if c["name"] == "locatability")
    return found["points"], found["reason"]


def record(client: TestClient, tokens: Headers, debtor: int, role: str = "ops", **body: object):  # type: ignore[no-untyped-def]
    fact = {"source": "subpoena_answer", "learned_on": str(today_in_new_york()), **body}
    return client.post(f"/api/v1/debtors/{debtor}/contacts", json=fact, headers=tokens[role])


def test_an_address_found_for_a_debtor_with_none_makes_it_locatable(
    client: TestClient, tokens: Headers, nowhere: int, db: psycopg.Connection
) -> None:
    debtor = debtor_of(client, tokens, nowhere)
    start = page(client, tokens, nowhere)
    assert locatability(start) == (0, "no address")
    found = record(client, tokens, debtor, kind="address", address=f"  {ADDRESS} ")
    assert found.status_code == 201, found.text
    fact = found.json()
    assert fact["value"] == ADDRESS and fact["recorded_by"] == "ops@example.com"
    assert (fact["street"], fact["city"], fact["state"], fact["zip"]) == (
        "55 Water St Apt 4B", "New York", "NY", "10041")  # fmt: skip
    located = page(client, tokens, nowhere)
    points, reason = locatability(located)
    assert reason == "street number and ZIP known" and points > 0
    assert located["judgment"]["score"] == start["judgment"]["score"] + points  # stored at once
    assert [c["value"] for c in located["debtor_contacts"]] == [ADDRESS]
    url = f"/api/v1/debtors/{debtor}/contacts/{fact['id']}/retire"
    gone = client.post(url, json={"reason": "moved away"}, headers=tokens["ops"])
    assert gone.status_code == 200 and gone.json()["retired_reason"] == "moved away"
    assert page(client, tokens, nowhere)["judgment"]["score"] == start["judgment"]["score"]
    assert client.post(url, json={"reason": "again"}, headers=tokens["ops"]).status_code == 409
    audited = db.execute("select action from audit_events where entity = 'debtor' order by id")
    assert audited.fetchall() == [("debtor.contact_add",), ("debtor.contact_retire",)]
    sentences = [e["sentence"] for e in page(client, tokens, nowhere)["audit"]]
    assert f"Address {ADDRESS} retired by ops@example.com: “moved away”." in sentences


def test_an_address_does_not_replace_the_debtors_own(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    start = page(client, tokens, judgment)
    assert record(client, tokens, debtor, kind="address", address="1 Elm St, Albany, NY 12207"
                  ).status_code == 201  # fmt: skip
    after = page(client, tokens, judgment)
    assert after["judgment"]["score"] == start["judgment"]["score"]
    assert after["judgment"]["debtor"]["address"] == start["judgment"]["debtor"]["address"]


def test_a_phone_is_kept_one_way_and_corrected_with_a_reason(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    phone = record(client, tokens, debtor, kind="phone", phone="+1 212.555.0100",
                   source="debtor").json()  # fmt: skip
    assert phone["value"] == "(212) 555-0100" and phone["street"] is None
    url = f"/api/v1/debtors/{debtor}/contacts/{phone['id']}/correct"
    fix = {"kind": "phone", "phone": "212 555 0101", "source": "debtor",
           "learned_on": str(today_in_new_york()), "reason": "digits swapped"}  # fmt: skip
    corrected = client.post(url, json=fix, headers=tokens["ops"])
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["value"] == "(212) 555-0101"
    assert corrected.json()["replaces_id"] == phone["id"]
    listed = client.get(f"/api/v1/debtors/{debtor}/contacts", headers=tokens["viewer"]).json()
    assert [(c["value"], c["retired_reason"]) for c in listed] == [
        ("(212) 555-0101", None), ("(212) 555-0100", "corrected: digits swapped")]  # fmt: skip
    again = client.post(url, json=fix, headers=tokens["ops"])
    assert again.status_code == 409  # the old fact is retired already
    audited = db.execute(
        "select action, before->>'value', after->>'value' from audit_events"
        " where entity = 'debtor' order by id"
    ).fetchall()
    assert audited == [("debtor.contact_add", None, "(212) 555-0100"),
                       ("debtor.contact_correct", "(212) 555-0100", "(212) 555-0101")]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "phone", "phone": "call me maybe"}, "phone"),
        ({"kind": "phone", "phone": "555-0100"}, "phone"),
        ({"kind": "phone", "phone": "(012) 555-0100"}, "phone"),
        ({"kind": "phone", "phone": ""}, "phone"),
        ({"kind": "phone", "phone": "2125550100", "address": ADDRESS}, "address"),
        ({"kind": "address", "address": "somewhere in Brooklyn"}, "address"),
        ({"kind": "address", "address": "123 Main St"}, "address"),
        ({"kind": "address", "address": "!!!"}, "address"),
        ({"kind": "address", "address": "x" * 301}, "address"),
        ({"kind": "address", "address": ADDRESS, "learned_on": "2099-01-01"}, "learned_on"),
        ({"kind": "address", "address": ADDRESS, "learned_on": "last week"}, "learned_on"),
        ({"kind": "fax", "phone": "2125550100"}, "kind"),
        ({"kind": "phone", "phone": "2125550100", "source": "rumour"}, "source"),
    ],
)
def test_malformed_contacts_are_422_naming_the_field_and_write_nothing(
    client: TestClient,
    tokens: Headers,
    judgment: int,
    db: psycopg.Connection,
    body: dict[str, object],
    field: str,
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    response = record(client, tokens, debtor, **body)
    assert response.status_code == 422, response.text
    assert error_of(response)["details"]["errors"][0]["field"] == field
    assert db.execute("select count(*) from debtor_contacts").fetchone() == (0,)
    assert db.execute(DEBTOR_EVENTS).fetchone() == (0,)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"reason": ""}, "reason"), ({"kind": "address", "address": ADDRESS, "phone": ""}, "kind"),
     ({"phone": "12"}, "phone")],
)  # fmt: skip
def test_a_malformed_correction_is_422_and_keeps_the_fact(
    client: TestClient,
    tokens: Headers,
    judgment: int,
    db: psycopg.Connection,
    change: dict[str, object],
    field: str,
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    phone = record(client, tokens, debtor, kind="phone", phone="2125550100").json()
    fix = {"kind": "phone", "phone": "2125550101", "source": "debtor",
           "learned_on": str(today_in_new_york()), "reason": "typo", **change}  # fmt: skip
    url = f"/api/v1/debtors/{debtor}/contacts/{phone['id']}/correct"
    response = client.post(url, json=fix, headers=tokens["ops"])
    assert response.status_code == 422, response.text
    assert error_of(response)["details"]["errors"][0]["field"] == field
    kept = db.execute("select count(*), count(retired_on) from debtor_contacts").fetchone()
    assert kept == (1, 0)


def test_a_viewer_reads_but_cannot_record_correct_or_retire(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    fact = {"kind": "phone", "phone": "2125550100", "source": "vendor",
            "learned_on": str(today_in_new_york() - timedelta(days=1))}  # fmt: skip
    base = f"/api/v1/debtors/{debtor}/contacts"
    assert client.post(base, json=fact, headers=tokens["viewer"]).status_code == 403
    made = client.post(base, json=fact, headers=tokens["ops"]).json()
    fix = {**fact, "reason": "typo"}
    assert client.post(f"{base}/{made['id']}/correct", json=fix,
                       headers=tokens["viewer"]).status_code == 403  # fmt: skip
    assert client.post(f"{base}/{made['id']}/retire", json={"reason": "x"},
                       headers=tokens["viewer"]).status_code == 403  # fmt: skip
    assert [c["id"] for c in client.get(base, headers=tokens["viewer"]).json()] == [made["id"]]
    assert client.get("/api/v1/debtors/999999/contacts", headers=tokens["viewer"]).json() == []
    missing = client.post("/api/v1/debtors/999999/contacts", json=fact, headers=tokens["ops"])
    assert missing.status_code == 404
    other = client.post(f"/api/v1/debtors/{debtor + 1000}/contacts/{made['id']}/retire",
                        json={"reason": "x"}, headers=tokens["ops"])  # fmt: skip
    assert other.status_code == 404
    assert db.execute(DEBTOR_EVENTS).fetchone() == (1,)
