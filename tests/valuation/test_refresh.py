"""refresh_judgments on a real database: the stored values are the Python ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from dragonfly.valuation import JudgmentNotFound, judgment_valuation, refresh_judgments
from dragonfly.valuation.refresh import compute_only
from valuation.seeding import add_debtor, add_judgment, add_ledger

AS_OF = date(2026, 11, 23)


def stored(db: psycopg.Connection[Any], judgment_id: int) -> dict[str, Any]:
    row = db.execute(
        "select balance, balance_as_of, score, tier, score_version, score_as_of,"
        " score_components from valued_judgments where id = %s",
        (judgment_id,),
    ).fetchone()
    assert row is not None
    keys = ("balance", "balance_as_of", "score", "tier", "version", "score_as_of", "components")
    return dict(zip(keys, row, strict=True))


def test_worked_check_is_stored(db: psycopg.Connection[Any]) -> None:
    debtor = add_debtor(
        db, "Smith Holdings LLC", raw_address="123 Main St, Brooklyn, NY 11201",
        assets=[("bank", False)],
    )  # fmt: skip
    judgment = add_judgment(db, "45000", date(2024, 6, 15), debtor_id=debtor)
    assert refresh_judgments(db, as_of=AS_OF) == 1
    row = stored(db, judgment)
    assert (row["score"], row["tier"], row["version"], row["score_as_of"]) == (77, "B", "v1", AS_OF)
    assert row["components"] == {
        "amount": 25, "age": 12, "debtor_kind": 15, "locatability": 15, "assets": 10,
    }  # fmt: skip
    python = judgment_valuation(db, judgment, AS_OF)
    assert row["balance"] == python.balance.balance
    assert row["balance_as_of"] == AS_OF


def test_ledger_balance_equals_the_calculator(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "10000", date(2020, 1, 1))
    add_ledger(db, judgment, "payment", "2000", date(2021, 1, 1))
    refresh_judgments(db, as_of=date(2022, 1, 1))
    assert stored(db, judgment)["balance"] == Decimal("9703.69")


def test_reversed_payment_drops_out(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "10000", date(2020, 1, 1))
    add_ledger(db, judgment, "payment", "2000", date(2021, 1, 1))
    bounced = add_ledger(db, judgment, "payment", "500", date(2021, 3, 1))
    add_ledger(db, judgment, "payment", "-500", date(2021, 3, 10), reverses=bounced)
    refresh_judgments(db, as_of=date(2022, 1, 1))
    assert stored(db, judgment)["balance"] == Decimal("9703.69")
    assert judgment_valuation(db, judgment, date(2022, 1, 1)).balance.paid == Decimal("2000.00")


def test_costs_and_consumer_regime(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "5000", date(2023, 3, 1), regime="consumer", costs="250")
    refresh_judgments(db, as_of=date(2024, 3, 1))
    assert stored(db, judgment)["balance"] == Decimal("5350.27")


def test_satisfied_scores_zero_with_reason(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "45000", date(2024, 6, 15), status="satisfied")
    refresh_judgments(db, as_of=AS_OF)
    row = stored(db, judgment)
    assert (row["score"], row["tier"], row["components"]["zeroed"]) == (0, "F", "satisfied")


def test_scope_by_ids_and_batch(db: psycopg.Connection[Any]) -> None:
    batch = db.execute(
        "insert into import_batches (filename, sha256) values ('f.csv', repeat('a', 64))"
        " returning id"
    ).fetchone()
    assert batch is not None
    first = add_judgment(db, "1000", date(2025, 1, 1))
    second = add_judgment(db, "2000", date(2025, 1, 1), batch_id=batch[0])
    third = add_judgment(db, "3000", date(2025, 1, 1))
    assert refresh_judgments(db, judgment_ids=[first], as_of=AS_OF) == 1
    assert refresh_judgments(db, batch_id=batch[0], as_of=AS_OF) == 1
    assert stored(db, third)["score"] is None
    assert stored(db, first)["score"] is not None and stored(db, second)["score"] is not None


def test_current_rows_are_not_rewritten_but_a_new_day_is(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    assert refresh_judgments(db, judgment_ids=[judgment], as_of=AS_OF) == 1
    assert refresh_judgments(db, judgment_ids=[judgment], as_of=AS_OF) == 0
    assert refresh_judgments(db, judgment_ids=[judgment], as_of=date(2026, 11, 24)) == 1
    assert stored(db, judgment)["balance_as_of"] == date(2026, 11, 24)


def test_ledger_change_is_picked_up(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    refresh_judgments(db, as_of=AS_OF)
    before = stored(db, judgment)["balance"]
    add_ledger(db, judgment, "payment", "100", date(2025, 6, 1))
    assert refresh_judgments(db, judgment_ids=[judgment], as_of=AS_OF) == 1
    assert stored(db, judgment)["balance"] < before


def test_unvaluable_ledger_stores_no_balance(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    add_ledger(db, judgment, "payment", "100", date(2024, 6, 1))  # before entry
    refresh_judgments(db, as_of=AS_OF)
    row = stored(db, judgment)
    assert row["balance"] is None and row["components"]["amount"] == 0


def test_refresh_inside_an_open_transaction_twice(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        judgment = add_judgment(conn, "1000", date(2025, 1, 1))
        add_ledger(conn, judgment, "payment", "10", date(2025, 2, 1))
        refresh_judgments(conn, as_of=AS_OF)
        refresh_judgments(conn, as_of=date(2026, 11, 24))
        conn.commit()
        assert stored(conn, judgment)["balance_as_of"] == date(2026, 11, 24)


def test_unknown_judgment_is_a_clear_error(db: psycopg.Connection[Any]) -> None:
    with pytest.raises(JudgmentNotFound, match="999 does not exist"):
        judgment_valuation(db, 999, AS_OF)


def test_compute_only_values_everything_and_stores_nothing(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    add_judgment(db, "2000", date(2025, 1, 1))
    assert compute_only(db, as_of=AS_OF) == 2
    assert stored(db, judgment)["score"] is None
