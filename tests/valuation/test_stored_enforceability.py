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

from dragonfly.domain.vocabulary import LedgerKind
from dragonfly.services.acknowledgments import record_acknowledgment
from dragonfly.services.deadlines import sweep_deadlines
from dragonfly.services.ledger import record_entry
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


STALE = """
update judgment_values v set enforceable_until = (j.entry_date + interval '20 years')::date,
       enforceable_basis = 'entry', enforceable_basis_on = j.entry_date
from judgments j where j.id = v.judgment_id and j.id = any(%s)
"""


def test_the_sweep_values_a_stale_date_again_before_expiring(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    """Values stored before the rule say entry + 20 for every judgment (as after the migration,
    until the next rescore): the sweep must not expire a judgment a payment keeps enforceable."""
    refresh_judgments(db, as_of=AS_OF)
    db.execute(STALE, (list(cases.values()),))
    assert sweep_deadlines(db, AS_OF)["judgments_expired"] == 2
    assert db.execute(
        "select status::text from judgments where id = %s", (cases["paid"],)
    ).fetchone() == ("active",)


def test_an_expired_judgment_a_payment_kept_enforceable_is_active_again(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    """Expired by the old rule (entry + 20) although paid within the twenty years: the sweep
    reopens it, audited, and leaves a judgment nothing extended expired."""
    refresh_judgments(db, as_of=AS_OF)
    ids = list(cases.values())
    db.execute(STALE, (ids,))
    db.execute("update judgments set status = 'expired' where id = any(%s)", (ids[:5],))
    counts = sweep_deadlines(db, AS_OF)
    assert counts["judgments_reopened"] == 3
    statuses = dict(
        db.execute("select id, status::text from judgments where id = any(%s)", (ids,)).fetchall()
    )
    assert {n for n, j in cases.items() if statuses[j] == "expired"} == {
        "untouched", "paid_reversed"
    }  # fmt: skip
    reason = db.execute(
        "select after->>'status_reason' from audit_events where action = 'judgment.status'"
        " and entity_id = %s",
        (str(cases["paid"]),),
    ).fetchone()
    assert reason == ("enforceable until 2041-03-02 because of the payment on 2021-03-02 "
                      "(CPLR 211(b))",)  # fmt: skip
    assert sweep_deadlines(db, AS_OF)["judgments_reopened"] == 0  # once


def test_an_acknowledgment_within_the_twenty_years_reopens_an_expired_judgment(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, as_of=AS_OF)
    sweep_deadlines(db, AS_OF)
    judgment = cases["untouched"]  # expired on 2025-01-10
    record_acknowledgment(
        db, judgment, acknowledged_on=date(2024, 6, 1), note="signed letter", actor="ops@firm.com"
    )
    row = db.execute(
        "select j.status::text, v.enforceable_until from judgments j"
        " join judgment_values v on v.judgment_id = j.id where j.id = %s",
        (judgment,),
    ).fetchone()
    assert row == ("active", date(2044, 6, 1))


def test_a_payment_within_the_twenty_years_reopens_an_expired_judgment_at_once(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    """Recorded late (a check received in 2024, entered now), the payment keeps the judgment
    enforceable: it is active again when recorded, not only after the next nightly sweep."""
    refresh_judgments(db, as_of=AS_OF)
    sweep_deadlines(db, AS_OF)
    judgment = cases["untouched"]  # expired on 2025-01-10
    record_entry(db, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("40.00"),
                 effective_on=date(2024, 6, 1), memo="check 88", reverses_id=None,
                 actor="ops@firm.com")  # fmt: skip
    row = db.execute(
        "select j.status::text, v.enforceable_until from judgments j"
        " join judgment_values v on v.judgment_id = j.id where j.id = %s",
        (judgment,),
    ).fetchone()
    assert row == ("active", date(2044, 6, 1))
    reopened_by = db.execute(
        "select actor from audit_events where action = 'judgment.status' and entity_id = %s",
        (str(judgment),),
    ).fetchall()
    assert reopened_by == [("ops@firm.com",)]  # the person whose entry reopened it


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
