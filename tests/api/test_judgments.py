"""The portfolio list, its export and one judgment's detail, over real rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.services.judgments import portfolio

Headers = dict[str, dict[str, str]]


@pytest.fixture
def three(db: psycopg.Connection) -> list[int]:
    return [
        add_judgment(
            db, index_number="100/2024", principal="45000.00", debtor="Smith Holdings LLC"
        ),
        add_judgment(
            db,
            index_number="200/2020",
            principal="1500.00",
            debtor="Jane Roe",
            entry_date=date(2020, 1, 2),
            county="QUEENS",
        ),
        add_judgment(
            db,
            index_number="CV-2023-001234",
            principal="9000.00",
            debtor="Bob Poe",
            plaintiff="Other Plaintiff",
            entry_date=date(2023, 3, 1),
        ),
    ]


def test_default_sort_is_largest_balance_first(
    client: TestClient, tokens: Headers, three: list[int]
) -> None:
    body = client.get("/api/v1/judgments", headers=tokens["viewer"]).json()
    balances = [float(item["balance"]) for item in body["items"]]
    assert balances == sorted(balances, reverse=True)
    assert body["total"] == 3 and body["total_is_estimate"] is False
    first = body["items"][0]
    assert first["index_number"] == "100/2024" and first["debtor_name"] == "Smith Holdings LLC"
    assert isinstance(first["principal"], str) and first["principal"] == "45000.00"


def test_filters_and_search(client: TestClient, tokens: Headers, three: list[int]) -> None:
    def numbers(query: str) -> list[str]:
        response = client.get(f"/api/v1/judgments?{query}", headers=tokens["viewer"])
        assert response.status_code == 200, response.text
        return [i["index_number"] for i in response.json()["items"]]

    assert numbers("county=QUEENS") == ["200/2020"]
    assert numbers("q=roe") == ["200/2020"]
    assert numbers("q=cv-2023") == ["CV-2023-001234"]
    assert numbers("q=cv%202023%200012") == ["CV-2023-001234"]  # typed with spaces
    assert numbers("q=other%20plaintiff") == ["CV-2023-001234"]
    assert numbers("balance_min=5000&sort=balance") == ["CV-2023-001234", "100/2024"]
    assert numbers("sort=entry_date") == ["200/2020", "CV-2023-001234", "100/2024"]
    assert numbers("status=satisfied") == []
    assert numbers("q=100%25") == []  # a literal percent sign, not a wildcard


def test_a_zero_bound_is_a_filter(
    client: TestClient, tokens: Headers, db: psycopg.Connection, three: list[int]
) -> None:
    """`balance_max=0` lists the judgments paid in full (the Enforcement screen's "Paid in full:
    satisfy" list), not every judgment as if no bound were given."""
    from dragonfly.core.clock import today_in_new_york
    from dragonfly.valuation import refresh_judgments

    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 90000, %s, 'test')",
        (three[0], today_in_new_york()),
    )
    refresh_judgments(db, judgment_ids=[three[0]])

    def numbers(query: str) -> list[str]:
        response = client.get(f"/api/v1/judgments?{query}", headers=tokens["viewer"])
        assert response.status_code == 200, response.text
        return [i["index_number"] for i in response.json()["items"]]

    assert numbers("status=active&balance_max=0") == ["100/2024"]
    assert numbers("balance_min=0&sort=balance")[0] == "100/2024"
    assert portfolio.JudgmentFilters(balance_max=Decimal(0)).is_empty() is False


def test_a_broad_search_finds_the_same_judgments_in_the_same_order(
    client: TestClient, tokens: Headers, three: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term matching much of the portfolio is tested row by row along the sort's index."""
    queries = ["q=o", "q=roe", "q=cv%202023%200012", "q=other%20plaintiff", "q=o&sort=score",
               "q=2&sort=entry_date", "q=100%25"]  # fmt: skip

    def pages() -> list[list[str]]:
        found = []
        for query in queries:
            response = client.get(f"/api/v1/judgments?{query}", headers=tokens["viewer"])
            assert response.status_code == 200, response.text
            found.append([i["index_number"] for i in response.json()["items"]])
        return found

    narrow = pages()
    monkeypatch.setattr(portfolio, "BROAD_MATCHES", -1)  # every search counts as broad
    assert pages() == narrow
    assert narrow[0] == ["100/2024", "CV-2023-001234", "200/2020"]  # Holdings, Poe, Roe


def test_paging(client: TestClient, tokens: Headers, three: list[int]) -> None:
    body = client.get("/api/v1/judgments?page=2&page_size=2", headers=tokens["viewer"]).json()
    assert len(body["items"]) == 1 and body["total"] == 3 and body["page"] == 2


def test_large_totals_are_estimates_and_say_so(
    client: TestClient, tokens: Headers, three: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "EXACT_COUNT_LIMIT", 1)
    body = client.get("/api/v1/judgments?balance_min=1", headers=tokens["viewer"]).json()
    assert body["total_is_estimate"] is True and body["total"] >= 2
    exact = client.get("/api/v1/judgments?county=QUEENS", headers=tokens["viewer"]).json()
    assert exact == {**exact, "total": 1, "total_is_estimate": False}


def test_bad_filters_are_422(client: TestClient, tokens: Headers) -> None:
    for query in (
        "tier=Z",
        "status=gone",
        "balance_min=abc",
        "score_max=101",
        "page=0",
        "plaintiff_id=-1",
        "sort=-index_number",
    ):
        response = client.get(f"/api/v1/judgments?{query}", headers=tokens["viewer"])
        assert response.status_code == 422, query
        assert error_of(response)["code"] == "validation_error"


def test_export_is_the_filtered_list_as_csv(
    client: TestClient, tokens: Headers, three: list[int]
) -> None:
    response = client.get("/api/v1/judgments/export.csv?county=KINGS", headers=tokens["viewer"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["index_number"] for r in rows) == ["100/2024", "CV-2023-001234"]


def test_export_columns_are_the_list_items_fields_with_the_same_values(
    client: TestClient, tokens: Headers, three: list[int]
) -> None:
    listed = client.get("/api/v1/judgments?sort=index_number", headers=tokens["viewer"]).json()
    exported = client.get(
        "/api/v1/judgments/export.csv?sort=index_number", headers=tokens["viewer"]
    )
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert list(rows[0]) == list(listed["items"][0])
    for row, item in zip(rows, listed["items"], strict=True):
        assert row["id"] == str(item["id"]) and row["status"] == item["status"]
        assert row["plaintiff_name"] == (item["plaintiff_name"] or "")


def test_export_defuses_spreadsheet_formulas_in_text_but_not_in_numbers(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    add_judgment(db, index_number="300/2024", principal="2500.00", debtor='=HYPERLINK("x")')
    response = client.get("/api/v1/judgments/export.csv", headers=tokens["viewer"])
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert row["debtor_name"] == '\'=HYPERLINK("x")'
    assert row["principal"] == "2500.00"


def test_detail_has_every_part(client: TestClient, tokens: Headers, three: list[int]) -> None:
    response = client.get(f"/api/v1/judgments/{three[0]}", headers=tokens["viewer"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "judgment",
        "standing",
        "debtor_assets",
        "debtor_contacts",
        "balance",
        "refunded_to_debtor",
        "score",
        "next_best_action",
        "enforceability",
        "acknowledgments",
        "lien",
        "owner",
        "deadlines",
        "actions",
        "ledger",
        "audit",
    }
    assert body["judgment"]["debtor"]["kind"] == "business"
    assert body["judgment"]["overpaid"] == body["balance"]["overpaid"] == "0.00"
    assert body["refunded_to_debtor"] == "0.00"
    assert body["enforceability"]["basis"] == "entry" and body["acknowledgments"] == []
    assert body["balance"]["balance"] == body["judgment"]["balance"]
    assert body["score"]["total"] == body["judgment"]["score"]
    assert [c["name"] for c in body["score"]["components"]][:2] == ["amount", "age"]
    assert body["next_best_action"]["action"] == "information_subpoena"
    assert {d["name"] for d in body["deadlines"]} >= {"judgment_expires"}
    assert all(isinstance(d["days_left"], int) for d in body["deadlines"])


def test_detail_of_a_missing_or_malformed_id(client: TestClient, tokens: Headers) -> None:
    assert client.get("/api/v1/judgments/424242", headers=tokens["viewer"]).status_code == 404
    assert client.get("/api/v1/judgments/abc", headers=tokens["viewer"]).status_code == 422


def test_a_balance_up_to_zero_keeps_only_judgments_paid_in_full(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    owing = add_judgment(db, index_number="PIF-1/2024", principal="2500.00")
    paid = add_judgment(db, index_number="PIF-2/2024", principal="100.00",
                        entry_date=date(2026, 11, 20))  # fmt: skip
    answer = client.post(f"/api/v1/judgments/{paid}/ledger", headers=tokens["ops"], json={
        "kind": "payment", "amount": "100.00", "effective_on": "2026-11-20"})  # fmt: skip
    assert answer.status_code == 201, answer.text
    listed = client.get("/api/v1/judgments", params={"status": "active", "balance_max": "0"},
                        headers=tokens["viewer"]).json()["items"]  # fmt: skip
    assert [item["id"] for item in listed] == [paid]
    assert owing not in [item["id"] for item in listed]
