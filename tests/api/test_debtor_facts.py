"""Recording what is known about a debtor's assets moves the score, the tier and the next step."""

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
    # Worked check of DOMAIN.md: $45,000, entered 2024-06-15, "Smith Holdings LLC", full address.
    return add_judgment(db, index_number="900/2024", principal="45000.00",
                        entry_date=date(2024, 6, 15))  # fmt: skip


def tier_of(score: int) -> str:
    """DOMAIN.md's tiers: A >= 80, B 60-79, C 40-59, D 20-39, F below."""
    return next(t for floor, t in ((80, "A"), (60, "B"), (40, "C"), (20, "D"), (0, "F"))
                if score >= floor)  # fmt: skip


def debtor_of(client: TestClient, tokens: Headers, judgment: int) -> int:
    body = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    return int(body["judgment"]["debtor"]["id"])


def record(client: TestClient, tokens: Headers, debtor: int, **body: object):  # type: ignore[no-untyped-def]
    fact = {"source": "subpoena_answer", "learned_on": str(today_in_new_york()), **body}
    return client.post(f"/api/v1/debtors/{debtor}/assets", json=fact, headers=tokens["ops"])


def test_a_bank_and_an_employer_reach_tier_a_and_change_the_next_step(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    before = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert before["next_best_action"]["action"] == "information_subpoena"
    start = before["judgment"]["score"]
    bank = record(client, tokens, debtor, kind="bank", name="Chase Bank",
                  address="4 New York Plaza, New York, NY 10004")  # fmt: skip
    assert bank.status_code == 201, bank.text
    after_bank = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert after_bank["next_best_action"]["action"] == "restraining_notice"
    assert after_bank["judgment"]["score"] == start + 10  # 77, tier B, on the pinned date
    assert "bank +10" in {c["reason"] for c in after_bank["score"]["components"]}
    assert record(client, tokens, debtor, kind="employer", name="Acme Payroll").status_code == 201
    tier_a = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert tier_a["judgment"]["score"] == start + 20  # tier A on the pinned date (87)
    assert tier_a["judgment"]["tier"] == tier_of(start + 20)
    assert [a["kind"] for a in tier_a["debtor_assets"]] == ["employer", "bank"]
    audited = db.execute("select action from audit_events where entity = 'debtor'").fetchall()
    assert audited == [("debtor.asset_add",), ("debtor.asset_add",)]


def test_a_retired_fact_stays_on_record_but_no_longer_counts(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    start = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    bank = record(client, tokens, debtor, kind="bank", name="Chase Bank").json()
    url = f"/api/v1/debtors/{debtor}/assets/{bank['id']}/retire"
    retired = client.post(url, json={"reason": "account closed"}, headers=tokens["ops"])
    assert retired.status_code == 200 and retired.json()["retired_reason"] == "account closed"
    page = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert page["judgment"]["score"] == start["judgment"]["score"]  # the bank's points are gone
    assert page["debtor_assets"][0]["retired_on"] == str(today_in_new_york())
    again = client.post(url, json={"reason": "again"}, headers=tokens["ops"])
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "bank", "name": "X", "learned_on": "2099-01-01"}, "learned_on"),
        ({"kind": "vehicle", "benefits_only": True}, "benefits_only"),
        ({"kind": "bank"}, "name"),
        ({"kind": "yacht"}, "body.kind"),
        ({"kind": "bank", "name": "X", "source": "rumour"}, "body.source"),
    ],
)
def test_malformed_facts_are_422_naming_the_field_and_write_nothing(
    client: TestClient,
    tokens: Headers,
    judgment: int,
    db: psycopg.Connection,
    body: dict[str, object],
    field: str,
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    response = record(client, tokens, debtor, **body)
    assert response.status_code == 422
    assert error_of(response)["details"]["errors"][0]["field"] == field.removeprefix("body.")
    assert db.execute("select count(*) from debtor_assets").fetchone() == (0,)


def test_a_viewer_reads_but_cannot_record(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    debtor = debtor_of(client, tokens, judgment)
    fact = {"kind": "vehicle", "source": "debtor",
            "learned_on": str(today_in_new_york() - timedelta(days=1))}  # fmt: skip
    url = f"/api/v1/debtors/{debtor}/assets"
    assert client.post(url, json=fact, headers=tokens["viewer"]).status_code == 403
    assert client.get(url, headers=tokens["viewer"]).json() == []
    assert client.get("/api/v1/debtors/999999/assets", headers=tokens["viewer"]).json() == []
