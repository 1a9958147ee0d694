"""Stored overpaid amounts and enforceable-until dates (CPLR 211(b)) on a real database: the
scoped refresh and the full rebuild store the same values, equal to the Python valuation, and
the deadline sweep, the score and the Portfolio follow them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from dragonfly.services.deadlines import sweep_deadlines
from dragonfly.valuation import judgment_valuation, refresh_judgments
from valuation.seeding import add_debtor, add_judgment, add_ledger

AS_OF = date(2026, 11, 23)
OLD = date(2005, 1, 10)  # twenty years from entry ended on 2025-01-10

STORED = """
select judgment_id, balance, overpaid, enforceable_until, enforceable_basis,
       enforceable_basis_on, score, tier, score_components
from judgment_values where judgment_id = any(%s) order by judgment_id
"""


@pytest.fixture
def db(app_db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """As the app: the rescore and the sweep run as the app role."""
    with psycopg.connect(app_db_url, autocommit=True) as conn:
        yield conn


def acknowledge(db: psycopg.Connection[Any], judgment_id: int, on: date) -> None:
    db.execute(
        "insert into judgment_acknowledgments (judgment_id, acknowledged_on, created_by)"
        " values (%s, %s, 'test')",
        (judgment_id, on),
    )


@pytest.fixture
def cases(db: psycopg.Connection[Any]) -> dict[str, int]:
    debtor = add_debtor(db, "Pat Doe", raw_address="1 Main St, Brooklyn, NY 11201")
    made = {
        name: add_judgment(db, "5000.00", OLD, debtor_id=debtor)
        for name in ("untouched", "paid", "paid_reversed", "acknowledged", "both")
    }
    add_ledger(db, made["paid"], "payment", "250.00", date(2021, 3, 2))
    wrong = add_ledger(db, made["paid_reversed"], "payment", "250.00", date(2021, 3, 2))
    add_ledger(db, made["paid_reversed"], "payment", "-250.00", date(2021, 3, 9), reverses=wrong)
    acknowledge(db, made["acknowledged"], date(2012, 6, 1))
    add_ledger(db, made["both"], "payment", "100.00", date(2015, 1, 5))
    acknowledge(db, made["both"], date(2019, 8, 20))
    made["overpaid"] = add_judgment(db, "100.00", date(2026, 1, 5), debtor_id=debtor)
    add_ledger(db, made["overpaid"], "payment", "600.00", date(2026, 2, 1))
    return made


def stored(db: psycopg.Connection[Any], ids: list[int]) -> dict[int, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in db.execute(STORED, (ids,))}


def test_the_scoped_refresh_and_the_rebuild_store_the_same_values(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    ids = sorted(cases.values())
    refresh_judgments(db, judgment_ids=ids, as_of=AS_OF)
    scoped = stored(db, ids)
    refresh_judgments(db, as_of=AS_OF)  # the full rebuild, swapped in
    assert stored(db, ids) == scoped
    for judgment in ids:  # and both equal the Python valuation the judgment page shows
        python = judgment_valuation(db, judgment, AS_OF)
        balance, overpaid, until, basis, basis_on, score = scoped[judgment][:6]
        assert (balance, overpaid, score) == (
            python.balance.balance, python.balance.overpaid, python.score.total
        )  # fmt: skip
        assert (until, basis, basis_on) == (
            python.enforceability.until, python.enforceability.basis,
            python.enforceability.basis_on,
        )  # fmt: skip


def test_cplr_211b_worked_cases(db: psycopg.Connection[Any], cases: dict[str, int]) -> None:
    refresh_judgments(db, as_of=AS_OF)
    values = stored(db, sorted(cases.values()))

    def basis(name: str) -> tuple[Any, ...]:
        return values[cases[name]][2:5]

    assert basis("untouched") == (date(2025, 1, 10), "entry", OLD)
    assert basis("paid") == (date(2041, 3, 2), "payment", date(2021, 3, 2))
    assert basis("paid_reversed") == (date(2025, 1, 10), "entry", OLD)  # a reversal counts not
    assert basis("acknowledged") == (date(2032, 6, 1), "acknowledgment", date(2012, 6, 1))
    assert basis("both") == (date(2039, 8, 20), "acknowledgment", date(2019, 8, 20))
    # The score: expired judgments score 0, the extended ones are scored.
    for name in ("untouched", "paid_reversed"):
        assert values[cases[name]][7].get("zeroed") == "expired", name
    for name in ("paid", "acknowledged", "both"):
        assert "zeroed" not in values[cases[name]][7] and values[cases[name]][5] > 0, name
    # Overpaid: $600 on $100 and a month's interest; the rest is owed back, the balance is 0.
    balance, overpaid = values[cases["overpaid"]][:2]
    assert balance == Decimal("0.00")
    assert Decimal("499") < overpaid < Decimal("500")
    assert all(values[cases[n]][1] == 0 for n in cases if n != "overpaid")


def test_the_sweep_expires_only_judgments_past_their_own_date(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, as_of=AS_OF)
    assert sweep_deadlines(db, AS_OF)["judgments_expired"] == 2
    statuses = dict(
        db.execute("select id, status::text from judgments where id = any(%s)",
                   (list(cases.values()),)).fetchall()
    )  # fmt: skip
    expired = {name for name, judgment in cases.items() if statuses[judgment] == "expired"}
    assert expired == {"untouched", "paid_reversed"}


def test_the_policy_entry_only_gives_entry_plus_twenty(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    from importlib import resources

    from dragonfly.domain.rules import parse_rules

    shipped = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
    firm = parse_rules(
        shipped.replace('value = "latest_payment_or_acknowledgment"', 'value = "entry_only"'),
        source="firm.toml",
    )
    ids = sorted(cases.values())
    refresh_judgments(db, judgment_ids=ids, as_of=AS_OF, rules=firm)
    values = stored(db, ids)
    for name in ("untouched", "paid", "paid_reversed", "acknowledged", "both"):
        assert values[cases[name]][2:4] == (date(2025, 1, 10), "entry"), name
        assert values[cases[name]][7].get("zeroed") == "expired", name
