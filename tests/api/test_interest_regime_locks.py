"""A bulk rate change confirmed while another transaction changes the same judgments: it waits
for the rows, reads them as committed, and either applies to exactly the previewed selection with
the balances it really changed, or is refused (409). Two real connections, one of them held open."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind
from dragonfly.errors import Conflict
from dragonfly.services.judgments.interest_regime import (
    RegimeChange,
    change_judgment_regime,
    change_regime,
    preview_regime_change,
)
from dragonfly.services.judgments.portfolio import JudgmentFilters
from dragonfly.services.ledger import record_entry

CONSUMER = InterestRegime.CONSUMER


@pytest.fixture
def cards(db: psycopg.Connection) -> dict[str, int]:
    """Three card judgments of one plaintiff against individuals; the third already at 2%."""
    ids = {
        name: add_judgment(db, index_number=f"{n}/2023", principal=principal, debtor=name,
                           entry_date=date(2023, 3, 1), plaintiff="Midland Funding LLC")
        for n, (name, principal) in enumerate(
            (("Pat Doe", "5000.00"), ("Lee Roe", "2500.00"), ("Kim Poe", "800.00")), start=1
        )
    }  # fmt: skip
    db.execute("update debtors set kind = 'individual'")
    db.execute("update judgments set interest_regime = 'consumer' where id = %s", (ids["Kim Poe"],))
    from dragonfly.valuation import refresh_judgments

    refresh_judgments(db, judgment_ids=list(ids.values()))
    return ids


@pytest.fixture
def midland(db: psycopg.Connection, cards: dict[str, int]) -> JudgmentFilters:
    """The Portfolio filter 'plaintiff: Midland', which does not depend on the rate."""
    row = db.execute("select plaintiff_id from judgments where id = %s", (cards["Pat Doe"],))
    return JudgmentFilters(plaintiff_id=row.fetchone()[0])  # type: ignore[index]


@pytest.fixture
def other(db_url: str) -> Iterator[psycopg.Connection]:
    """A second session whose transaction the test holds open (the services' own transaction
    blocks become savepoints inside it)."""
    with psycopg.connect(db_url) as conn:
        conn.execute("select 1")
        yield conn


def confirm_while_held(
    db_url: str,
    db: psycopg.Connection,
    other: psycopg.Connection,
    filters: JudgmentFilters,
    preview: RegimeChange,
) -> Callable[[], RegimeChange | Exception]:
    """Start confirming `preview` in a thread, wait until it waits for `other`'s row locks, then
    commit `other`; returns a function giving the confirmation's result."""
    outcome: list[RegimeChange | Exception] = []
    pid: list[int] = []

    def confirm() -> None:
        with psycopg.connect(db_url, autocommit=True) as conn:
            pid.append(conn.info.backend_pid)
            try:
                outcome.append(change_regime(
                    conn, filters, CONSUMER, reason="cards", expected=preview.judgments,
                    selection=preview.selection, actor="ops@example.com"))  # fmt: skip
            except Exception as error:  # handed to the test to assert on
                outcome.append(error)

    thread = threading.Thread(target=confirm)
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        waiting = pid and db.execute(
            "select wait_event_type = 'Lock' from pg_stat_activity where pid = %s", (pid[0],)
        ).fetchone() == (True,)
        if waiting:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"the confirmation never waited for the other transaction: {outcome}")
    assert not outcome  # it is still waiting
    other.commit()
    thread.join(20)
    assert not thread.is_alive()
    return lambda: outcome[0]


def test_a_selection_changed_while_confirming_is_refused_not_applied_elsewhere(
    db_url: str,
    db: psycopg.Connection,
    other: psycopg.Connection,
    cards: dict[str, int],
    midland: JudgmentFilters,
) -> None:
    preview = preview_regime_change(db, midland, CONSUMER)
    assert preview.judgments == 2  # Pat Doe and Lee Roe; Kim Poe is at 2% already
    # Another user, not yet committed: Pat Doe to 2%, Kim Poe back to 9%. Still two to change.
    change_judgment_regime(other, cards["Pat Doe"], CONSUMER, reason="card", actor="b@x.com")
    change_judgment_regime(other, cards["Kim Poe"], InterestRegime.STANDARD, reason="loan",
                           actor="b@x.com")  # fmt: skip
    result = confirm_while_held(db_url, db, other, midland, preview)()
    assert isinstance(result, Conflict), result
    assert "changed since the preview" in str(result)
    regimes = dict(db.execute("select id, interest_regime::text from judgments").fetchall())
    assert regimes[cards["Lee Roe"]] == "standard"  # untouched
    assert regimes[cards["Kim Poe"]] == "standard"  # not changed by the refused confirmation
    reasons = db.execute(
        "select after->>'reason' from audit_events"
        " where action = 'judgment.interest_regime' order by id"
    ).fetchall()
    assert reasons == [("card",), ("loan",)]


def test_the_balance_before_is_the_one_the_change_applied_to(
    db_url: str,
    db: psycopg.Connection,
    other: psycopg.Connection,
    cards: dict[str, int],
    midland: JudgmentFilters,
) -> None:
    preview = preview_regime_change(db, midland, CONSUMER)
    stale = db.execute("select balance from judgment_values where judgment_id = %s",
                       (cards["Lee Roe"],)).fetchone()  # fmt: skip
    # Another user records a payment on Lee Roe's judgment and has not committed yet.
    record_entry(other, cards["Lee Roe"], kind=LedgerKind.PAYMENT, amount=Decimal("1000.00"),
                 effective_on=today_in_new_york(), memo="", reverses_id=None,
                 actor="b@x.com")  # fmt: skip
    paid = other.execute("select balance from judgment_values where judgment_id = %s",
                         (cards["Lee Roe"],)).fetchone()  # fmt: skip
    assert paid is not None and stale is not None and paid[0] == stale[0] - Decimal("1000.00")
    result = confirm_while_held(db_url, db, other, midland, preview)()
    assert isinstance(result, RegimeChange), result
    assert result.judgments == 2
    audited = db.execute(
        "select (before->>'balance')::numeric, (after->>'balance')::numeric from audit_events"
        " where action = 'judgment.interest_regime' and entity_id = %s", (str(cards["Lee Roe"]),)
    ).fetchone()  # fmt: skip
    assert audited is not None
    assert audited[0] == paid[0]  # read under the lock, after the payment; not the stale figure
    now = db.execute("select balance from judgment_values where judgment_id = %s",
                     (cards["Lee Roe"],)).fetchone()  # fmt: skip
    assert now == (audited[1],) and audited[1] < audited[0]
