"""Client money over HTTP: who may do what, statements to download, refusals as 4xx JSON."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]
TERMS = {"effective_on": "2026-01-01", "fee_percent": "25.00", "cost_handling": "absorbed"}


@pytest.fixture
def judgment(db: psycopg.Connection) -> tuple[int, int]:
    judgment_id = add_judgment(db, index_number="900/2024", plaintiff="Lakeside Credit")
    row = db.execute("select plaintiff_id from judgments where id = %s", (judgment_id,))
    return judgment_id, row.fetchone()[0]  # type: ignore[index]


def test_only_admins_set_terms_and_close_a_month(
    client: TestClient, tokens: Headers, judgment: tuple[int, int]
) -> None:
    _, plaintiff = judgment
    for role in ("ops", "viewer"):
        refused = client.post(
            f"/api/v1/clients/{plaintiff}/agreements", json=TERMS, headers=tokens[role]
        )
        assert refused.status_code == 403, role
        closing = client.post("/api/v1/remittances/2026-11/close", headers=tokens[role])
        assert closing.status_code == 403, role
    made = client.post(
        f"/api/v1/clients/{plaintiff}/agreements", json=TERMS, headers=tokens["admin"]
    )
    assert made.status_code == 201, made.text
    listed = client.get("/api/v1/clients/agreements", headers=tokens["viewer"]).json()
    assert [a["fee_percent"] for a in listed] == ["25.00"]
    closed = client.post("/api/v1/remittances/2026-11/close", headers=tokens["admin"])
    assert closed.status_code == 201, closed.text
    again = client.post("/api/v1/remittances/2026-11/close", headers=tokens["admin"])
    assert again.status_code == 409 and "already closed" in error_of(again)["message"]


def test_ops_record_receipts_viewers_read_statements(
    client: TestClient, tokens: Headers, judgment: tuple[int, int]
) -> None:
    judgment_id, plaintiff = judgment
    client.post(f"/api/v1/clients/{plaintiff}/agreements", json=TERMS, headers=tokens["admin"])
    payment = {"kind": "payment", "amount": "800.00", "effective_on": "2026-11-05"}
    viewer = client.post(
        f"/api/v1/judgments/{judgment_id}/ledger", json=payment, headers=tokens["viewer"]
    )
    assert viewer.status_code == 403
    paid = client.post(
        f"/api/v1/judgments/{judgment_id}/ledger", json=payment, headers=tokens["ops"]
    )
    assert paid.status_code == 201, paid.text
    direct = {**payment, "amount": "100.00", "direct": True}
    assert (
        client.post(
            f"/api/v1/judgments/{judgment_id}/ledger", json=direct, headers=tokens["ops"]
        ).status_code
        == 201
    )

    money = client.get("/api/v1/clients/money", headers=tokens["viewer"]).json()
    [row] = money["clients"]
    assert (row["owed_to_client"], row["owed_to_firm"], row["fees"]) == (
        "600.00",
        "200.00",
        "225.00",
    )
    shown = client.get(f"/api/v1/clients/{plaintiff}/statements/2026-11", headers=tokens["viewer"])
    body = shown.json()
    assert [line["fee"] for line in body["lines"]] == ["200.00", "25.00"]
    assert body["totals"]["billed"] == "25.00" and body["closed"] is False
    csv_file = client.get(
        f"/api/v1/clients/{plaintiff}/statements/2026-11/csv", headers=tokens["viewer"]
    )
    assert csv_file.status_code == 200 and "900/2024" in csv_file.text
    pdf = client.get(
        f"/api/v1/clients/{plaintiff}/statements/2026-11/pdf", headers=tokens["viewer"]
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    reconciled = client.post(
        "/api/v1/trust/reconciliations",
        json={"bank_balance": "800.00", "as_of": "2026-11-23"},
        headers=tokens["ops"],
    )
    assert reconciled.status_code == 201 and reconciled.json()["balanced"] is True
    assert (
        client.post(
            "/api/v1/trust/reconciliations",
            json={"bank_balance": "1.00", "as_of": "2026-11-23"},
            headers=tokens["viewer"],
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**TERMS, "fee_percent": "-1"}, "fee_percent"),
        ({**TERMS, "fee_percent": "100.01"}, "fee_percent"),
        ({**TERMS, "cost_handling": "sometimes"}, "cost_handling"),
        ({**TERMS, "effective_on": "2026-13-01"}, "effective_on"),
    ],
)
def test_bad_terms_are_refused_and_write_nothing(
    client: TestClient, tokens: Headers, judgment: tuple[int, int], db: psycopg.Connection,
    body: dict[str, str], field: str,
) -> None:  # fmt: skip
    _, plaintiff = judgment
    refused = client.post(
        f"/api/v1/clients/{plaintiff}/agreements", json=body, headers=tokens["admin"]
    )
    assert refused.status_code == 422
    assert field in str(error_of(refused))
    assert db.execute("select count(*) from client_agreements").fetchone() == (0,)


def test_an_overdrawing_disbursement_and_a_bad_period_are_refused(
    client: TestClient, tokens: Headers, judgment: tuple[int, int], db: psycopg.Connection
) -> None:
    _, plaintiff = judgment
    out = {"to": "client", "amount": "10.00", "effective_on": str(date(2026, 11, 20))}
    refused = client.post(
        f"/api/v1/clients/{plaintiff}/disbursements", json=out, headers=tokens["admin"]
    )
    assert refused.status_code == 422 and "overdraw" in error_of(refused)["message"]
    ahead = client.post(  # the suite's today is 2026-11-23
        f"/api/v1/clients/{plaintiff}/disbursements",
        json={**out, "effective_on": "2026-11-24"},
        headers=tokens["admin"],
    )
    assert ahead.status_code == 422
    assert "2026-11-24 is in the future" in error_of(ahead)["message"]
    assert "effective_on" in str(error_of(ahead))
    ops = client.post(f"/api/v1/clients/{plaintiff}/disbursements", json=out, headers=tokens["ops"])
    assert ops.status_code == 403
    assert db.execute("select count(*) from trust_entries").fetchone() == (0,)
    bad = client.post("/api/v1/remittances/2026-1/close", headers=tokens["admin"])
    assert bad.status_code == 422
    future = client.post("/api/v1/remittances/2027-01/close", headers=tokens["admin"])
    assert future.status_code == 422 and "not begun" in error_of(future)["message"]


def _refunds_owed(client: TestClient, tokens: Headers, db: psycopg.Connection) -> dict[str, str]:
    db.execute("delete from overview_snapshots")  # the Overview is cached; read it afresh
    body = client.get("/api/v1/overview", headers=tokens["viewer"]).json()
    [card] = [m for m in body["metrics"] if m["key"] == "refunds_owed"]
    return {"value": card["value"], "detail": card["detail"]}


def test_a_refund_paid_from_escrow_is_off_the_refunds_owed_card_and_shown_on_the_judgment(
    client: TestClient, tokens: Headers, judgment: tuple[int, int], db: psycopg.Connection
) -> None:
    _, plaintiff = judgment
    small = add_judgment(db, index_number="901/2026", principal="100.00",
                         entry_date=date(2026, 11, 23), plaintiff="Lakeside Credit")  # fmt: skip
    client.post(f"/api/v1/clients/{plaintiff}/agreements", json=TERMS, headers=tokens["admin"])
    paid = client.post(
        f"/api/v1/judgments/{small}/ledger",
        json={"kind": "payment", "amount": "350.00", "effective_on": "2026-11-23"},
        headers=tokens["ops"],
    )
    assert paid.status_code == 201, paid.text
    assert _refunds_owed(client, tokens, db)["value"] == "250.00"
    refund = {"to": "debtor", "amount": "100.00", "effective_on": "2026-11-23"}
    unnamed = client.post(
        f"/api/v1/clients/{plaintiff}/disbursements", json=refund, headers=tokens["admin"]
    )
    assert unnamed.status_code == 422
    assert "Say which judgment this refund is for" in error_of(unnamed)["message"]
    assert "judgment_id" in str(error_of(unnamed)["details"])
    made = client.post(
        f"/api/v1/clients/{plaintiff}/disbursements",
        json={**refund, "judgment_id": small},
        headers=tokens["admin"],
    )
    assert made.status_code == 201, made.text
    assert made.json()["judgment_id"] == small and made.json()["amount"] == "-100.00"
    card = _refunds_owed(client, tokens, db)
    assert card["value"] == "150.00"
    assert card["detail"].startswith("Paid beyond the balance on 1 judgment and not yet refunded")
    shown = client.get(f"/api/v1/judgments/{small}", headers=tokens["viewer"]).json()
    assert (shown["balance"]["overpaid"], shown["refunded_to_debtor"]) == ("250.00", "100.00")
    rest = client.post(
        f"/api/v1/clients/{plaintiff}/disbursements",
        json={**refund, "amount": "150.00", "judgment_id": small},
        headers=tokens["admin"],
    )
    assert rest.status_code == 201, rest.text
    card = _refunds_owed(client, tokens, db)
    assert card["value"] == "0.00" and card["detail"].startswith("No debtor is owed a refund")
