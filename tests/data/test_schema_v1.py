"""Schema v1 holds the promises the rest of the system relies on."""

from __future__ import annotations

import psycopg
import pytest


def _judgment(db: psycopg.Connection, index: str = "100/2024") -> int:
    row = db.execute(
        "insert into judgments (court_code, court_name, index_number, index_number_norm,"
        " entry_date, principal) values ('NYC-CIV-KINGS', 'Kings County Civil Court', %s, %s,"
        " '2024-01-02', 1000.00) returning id",
        (index, index),
    ).fetchone()
    assert row
    return int(row[0])


def test_one_judgment_per_court_and_index_number(db: psycopg.Connection) -> None:
    _judgment(db)
    with pytest.raises(psycopg.errors.UniqueViolation):
        _judgment(db)


def test_ledger_entries_are_never_deleted_or_edited(db: psycopg.Connection) -> None:
    jid = _judgment(db)
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 50.00, '2024-02-01', 'ops@example.com')",
        (jid,),
    )
    with pytest.raises(psycopg.errors.RestrictViolation, match="never delete"):
        db.execute("delete from ledger_entries")
    with pytest.raises(psycopg.errors.RestrictViolation, match="never update"):
        db.execute("update ledger_entries set amount = 1")


def test_judgments_are_never_deleted(db: psycopg.Connection) -> None:
    _judgment(db)
    with pytest.raises(psycopg.errors.RestrictViolation):
        db.execute("delete from judgments")


def test_money_keeps_cents_exactly(db: psycopg.Connection) -> None:
    jid = _judgment(db)
    db.execute("update judgments set principal = 12345678901.99 where id = %s", (jid,))
    row = db.execute("select principal::text from judgments where id = %s", (jid,)).fetchone()
    assert row == ("12345678901.99",)


def test_completed_import_batch_must_balance_its_counts(db: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute(
            "insert into import_batches (filename, sha256, status, rows_read, inserted)"
            " values ('a.csv', repeat('a', 64), 'completed', 3, 2)"
        )
