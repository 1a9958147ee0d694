"""Seeding helpers for valuation tests: insert debtors, assets, judgments and ledger rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import psycopg


def add_debtor(
    db: psycopg.Connection[Any],
    name: str | None = None,
    *,
    raw_address: str | None = None,
    assets: list[tuple[str, bool]] = (),  # type: ignore[assignment]
    **address: str | None,
) -> int:
    row = db.execute(
        "insert into debtors (name, raw_address, street, city, state, zip)"
        " values (%s, %s, %s, %s, %s, %s) returning id",
        (name, raw_address, address.get("street"), address.get("city"), address.get("state"),
         address.get("zip")),
    ).fetchone()  # fmt: skip
    assert row is not None
    for kind, benefits_only in assets:
        db.execute(
            "insert into debtor_assets (debtor_id, kind, benefits_only, source, learned_on)"
            " values (%s, %s, %s, 'test', '2025-01-01')",
            (row[0], kind, benefits_only),
        )
    return int(row[0])


def add_judgment(
    db: psycopg.Connection[Any],
    principal: str,
    entered: date,
    *,
    debtor_id: int | None = None,
    regime: str = "standard",
    status: str = "active",
    costs: str = "0",
    batch_id: int | None = None,
) -> int:
    row = db.execute(
        "insert into judgments (court_code, court_name, index_number, index_number_norm,"
        " entry_date, principal, costs, interest_regime, status, debtor_id, import_batch_id)"
        " values ('CIV', 'Civil Court', gen_random_uuid()::text, gen_random_uuid()::text,"
        " %s, %s, %s, %s, %s, %s, %s) returning id",
        (entered, Decimal(principal), Decimal(costs), regime, status, debtor_id, batch_id),
    ).fetchone()
    assert row is not None
    return int(row[0])


def add_ledger(
    db: psycopg.Connection[Any],
    judgment_id: int,
    kind: str,
    amount: str,
    on: date,
    reverses: int | None = None,
) -> int:
    row = db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, reverses_id,"
        " created_by) values (%s, %s, %s, %s, %s, 'test') returning id",
        (judgment_id, kind, Decimal(amount), on, reverses),
    ).fetchone()
    assert row is not None
    return int(row[0])
