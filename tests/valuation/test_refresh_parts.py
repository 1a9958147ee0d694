"""A full refresh from an idle connection runs in id-range parts on two connections."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
import pytest

from dragonfly.valuation import judgment_valuation, refresh, refresh_judgments
from valuation.seeding import add_debtor, add_judgment, add_ledger

AS_OF = date(2026, 11, 23)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refresh, "FULL_REFRESH_PART_ROWS", 3)


def _stored(db: psycopg.Connection[Any]) -> dict[int, tuple[Any, ...]]:
    rows = db.execute("select id, balance, score, tier, balance_as_of from judgments")
    return {row[0]: row[1:] for row in rows}


def test_every_part_is_stored_and_equals_python(
    db: psycopg.Connection[Any], small_parts: None
) -> None:
    debtor = add_debtor(db, "Smith Holdings LLC", raw_address="123 Main St, Brooklyn, NY 11201",
                        assets=[("bank", False)])  # fmt: skip
    ids = [add_judgment(db, str(1000 * n), date(2020 + n % 5, 1, 1), debtor_id=debtor)
           for n in range(1, 11)]  # fmt: skip
    add_ledger(db, ids[4], "payment", "500", date(2024, 6, 1))
    add_ledger(db, ids[9], "payment", "700", date(2024, 6, 1))
    assert refresh_judgments(db, as_of=AS_OF) == 10
    stored = _stored(db)
    for judgment in ids:
        python = judgment_valuation(db, judgment, AS_OF)
        assert stored[judgment] == (
            python.balance.balance, python.score.total, python.score.tier, AS_OF
        )  # fmt: skip
    assert refresh_judgments(db, as_of=AS_OF) == 0


def test_parts_leave_gaps_in_ids_alone(db: psycopg.Connection[Any], small_parts: None) -> None:
    ids = [add_judgment(db, "1000", date(2025, 1, 1)) for _ in range(7)]
    # A judgment with an id far from the others: the ranges still cover it.
    far = db.execute(
        "insert into judgments (id, court_code, court_name, index_number, index_number_norm,"
        " entry_date, principal) overriding system value"
        " values (1000000, 'NYC', 'Civil', 'X1', 'X1', '2025-01-01', 500) returning id"
    ).fetchone()
    assert far is not None
    assert refresh_judgments(db, as_of=AS_OF) == 8
    assert all(value[1] is not None for value in _stored(db).values())
    assert set(_stored(db)) == {*ids, far[0]}


def test_inside_a_transaction_the_refresh_stays_one_transaction(
    db_url: str, small_parts: None
) -> None:
    with psycopg.connect(db_url) as conn:
        for _ in range(7):
            add_judgment(conn, "1000", date(2025, 1, 1))
        assert refresh_judgments(conn, as_of=AS_OF) == 7  # sees its own uncommitted rows
        conn.rollback()
        assert conn.execute("select count(*) from judgments").fetchone() == (0,)
