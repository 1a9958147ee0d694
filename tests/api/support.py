"""Helpers for API tests: sample judgments and the one error shape."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg


def add_judgment(
    db: psycopg.Connection,
    *,
    index_number: str,
    principal: str = "10000.00",
    entry_date: date = date(2024, 6, 15),
    debtor: str | None = "Smith Holdings LLC",
    plaintiff: str = "Acme Funding",
    county: str = "KINGS",
    status: str = "active",
) -> int:
    """One judgment with its plaintiff and debtor, valued by the valuation store."""
    from dragonfly.valuation import refresh_judgments

    plaintiff_id = db.execute(
        "insert into plaintiffs (name, name_key, phone) values (%s, lower(%s), '555-0100')"
        " on conflict (name_key) do update set name = excluded.name returning id",
        (plaintiff, plaintiff),
    ).fetchone()[0]  # type: ignore[index]
    debtor_id = db.execute(
        "insert into debtors (name, name_key, kind, street, city, state, zip)"
        " values (%s, lower(%s), 'business', '123 Main St', 'Brooklyn', 'NY', '11201')"
        " returning id",
        (debtor, debtor),
    ).fetchone()[0]  # type: ignore[index]
    judgment_id = db.execute(
        "insert into judgments (court_code, court_name, county_code, index_number,"
        " index_number_norm, entry_date, principal, plaintiff_id, debtor_id, status)"
        " values ('CIV-KINGS', 'Civil Court, Kings County', %s, %s, upper(%s), %s, %s, %s, %s, %s)"
        " returning id",
        (
            county,
            index_number,
            index_number,
            entry_date,
            principal,
            plaintiff_id,
            debtor_id,
            status,
        ),
    ).fetchone()[0]  # type: ignore[index]
    refresh_judgments(db, judgment_ids=[judgment_id])
    return int(judgment_id)


def error_of(response: Any) -> dict[str, Any]:
    """The one error shape; fails the test when the body is anything else."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])
