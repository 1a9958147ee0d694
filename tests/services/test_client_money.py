"""Client money on a real database: worked cases by hand, refusals that write nothing, and the
reconciliation after any sequence of receipts, disbursements and reversals."""

from __future__ import annotations

import csv
import io
import threading
from datetime import date
from decimal import Decimal

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.support import add_judgment
from dragonfly.domain.client_money import Terms
from dragonfly.domain.vocabulary import (
    CostHandling,
    LedgerKind,
    RemittanceBasis,
    TrustParty,
)
from dragonfly.errors import Conflict, InputError
from dragonfly.services.ledger import record_entry
from dragonfly.services.money.agreements import set_agreement
from dragonfly.services.money.closing import close_period, parse_period
from dragonfly.services.money.reconciliation import compare
from dragonfly.services.money.splits import split_of
from dragonfly.services.money.statements import statement, statement_csv
from dragonfly.services.money.trust import (
    balance,
    disburse,
    refunded_to_debtor,
    reverse_disbursement,
)

D = Decimal
NOV = date(2026, 11, 1)
NOV_20 = date(2026, 11, 20)


def client_of(db: psycopg.Connection, judgment_id: int) -> int:
    row = db.execute("select plaintiff_id from judgments where id = %s", (judgment_id,)).fetchone()
    assert row is not None
    return int(row[0])


def pay(
    db: psycopg.Connection,
    judgment_id: int,
    amount: str,
    on: date,
    *,
    kind: LedgerKind = LedgerKind.PAYMENT,
    direct: bool = False,
    reverses_id: int | None = None,
) -> int:
    entry = record_entry(
        db,
        judgment_id,
        kind=kind,
        amount=D(amount),
        effective_on=on,
        memo="",
        reverses_id=reverses_id,
        actor="ops@example.com",
        confirm_duplicate=True,
        direct=direct,
    )
    return entry.id


def agree(db: psycopg.Connection, client: int, on: date, **terms: object) -> None:
    set_agreement(db, client, Terms(**terms), on, "admin@example.com")  # type: ignore[arg-type]


def count(db: psycopg.Connection, table: str) -> int:
    row = db.execute(f"select count(*) from {table}").fetchone()  # table names are ours
    assert row is not None
    return int(row[0])


def test_net_and_gross_remittance_when_november_closes(db: psycopg.Connection) -> None:
    net_j = add_judgment(db, index_number="1/2024", plaintiff="Net Client LLC")
    gross_j = add_judgment(db, index_number="2/2024", plaintiff="Gross Client LLC")
    net, gross = client_of(db, net_j), client_of(db, gross_j)
    agree(db, net, date(2026, 1, 1), fee_percent=D("33.33"))
    agree(db, gross, date(2026, 1, 1), fee_percent=D("33.33"), remittance=RemittanceBasis.GROSS)
    pay(db, net_j, "1000.00", date(2026, 11, 10))
    pay(db, gross_j, "1000.00", date(2026, 11, 10))
    assert compare(db, D("2000.00"), date(2026, 11, 23)).balanced

    closed = {s.plaintiff_id: s for s in close_period(db, NOV, "admin@example.com")}
    assert (closed[net].remitted, closed[net].paid_to_firm, closed[net].billed) == (
        D("666.70"),
        D("333.30"),
        D("0.00"),
    )
    assert (closed[gross].remitted, closed[gross].paid_to_firm, closed[gross].billed) == (
        D("1000.00"),
        D("0.00"),
        D("333.30"),
    )
    # Everything was paid out: the escrow account should now hold nothing.
    after = compare(db, D("0.00"), date(2026, 11, 30))
    assert after.balanced and after.book_balance == 0
    text = statement_csv(statement(db, net, NOV))
    assert "1/2024" in text and "remitted to client,666.70" in text


def test_costs_advanced_are_recovered_first(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="3/2024")
    client = client_of(db, j)
    agree(
        db, client, date(2026, 1, 1), fee_percent=D("25"),
        cost_handling=CostHandling.RECOVERED_FIRST,
    )  # fmt: skip
    pay(db, j, "45.00", date(2026, 11, 2), kind=LedgerKind.COST)
    pay(db, j, "75.00", date(2026, 11, 3), kind=LedgerKind.COST)
    first = split_of(db, pay(db, j, "500.00", date(2026, 11, 10)))
    second = split_of(db, pay(db, j, "500.00", date(2026, 11, 11)))
    assert first and second
    assert (first.cost_recovered, first.fee, first.client_share) == (
        D("120.00"),
        D("95.00"),
        D("285.00"),
    )
    assert (second.cost_recovered, second.fee, second.client_share) == (
        D("0.00"),
        D("125.00"),
        D("375.00"),
    )
    assert balance(db, client, TrustParty.FIRM) == D("340.00")


def test_a_fee_change_mid_period_applies_from_its_date(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="4/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("30"))
    pay(db, j, "200.01", date(2026, 11, 10))
    agree(db, client, date(2026, 11, 15), fee_percent=D("25"))
    pay(db, j, "200.01", date(2026, 11, 20))
    fees = [line.fee for line in statement(db, client, NOV).lines]
    assert fees == [D("60.00"), D("50.00")]
    assert statement(db, client, NOV).totals.client_share == D("290.02")
    # A change dated before a payment already split is refused: it would rewrite that split.
    with pytest.raises(Conflict, match="already split"):
        agree(db, client, date(2026, 11, 18), fee_percent=D("20"))


def test_a_direct_payment_earns_the_fee_and_is_billed_not_remitted(
    db: psycopg.Connection,
) -> None:
    j = add_judgment(db, index_number="5/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("30"))
    pay(db, j, "400.00", date(2026, 11, 12), direct=True)
    assert count(db, "trust_entries") == 0  # the money never reached escrow
    [closed] = close_period(db, NOV, "admin@example.com")
    assert (closed.payments, closed.fees, closed.billed, closed.remitted) == (
        D("400.00"),
        D("120.00"),
        D("120.00"),
        D("0.00"),
    )


def test_an_overpayment_is_held_for_the_debtor_and_refunded(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="6/2026", principal="1000.00", entry_date=date(2026, 11, 2))
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    split = split_of(db, pay(db, j, "1250.00", date(2026, 11, 2)))
    assert split and (split.debtor_refund, split.fee, split.client_share) == (
        D("250.00"),
        D("250.00"),
        D("750.00"),
    )
    with pytest.raises(InputError, match=r"At most 250\.00 can be refunded"):
        disburse(db, client, TrustParty.DEBTOR, D("250.01"), NOV_20, "", "ops", judgment_id=j)
    disburse(db, client, TrustParty.DEBTOR, D("250.00"), NOV_20, "refund", "ops", judgment_id=j)
    assert balance(db, client, TrustParty.DEBTOR) == 0
    assert refunded_to_debtor(db, j) == D("250.00")
    assert compare(db, D("1000.00"), date(2026, 11, 23)).balanced


def test_a_refund_names_its_judgment_and_never_pays_one_debtor_with_anothers_money(
    db: psycopg.Connection,
) -> None:
    over = add_judgment(db, index_number="12/2026", principal="1000.00", plaintiff="Lakeside",
                        entry_date=date(2026, 11, 2))  # fmt: skip
    other = add_judgment(db, index_number="13/2026", principal="1000.00", plaintiff="Lakeside",
                         entry_date=date(2026, 11, 2))  # fmt: skip
    elsewhere = add_judgment(db, index_number="14/2026", plaintiff="Harbor Supply Co")
    direct = add_judgment(db, index_number="18/2026", principal="100.00", plaintiff="Lakeside",
                          entry_date=date(2026, 11, 2))  # fmt: skip
    client = client_of(db, over)
    assert client_of(db, other) == client
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    third = add_judgment(db, index_number="15/2026", principal="100.00", plaintiff="Lakeside",
                         entry_date=date(2026, 11, 2))  # fmt: skip
    pay(db, over, "1250.00", date(2026, 11, 2))  # 250.00 held for this judgment's debtor
    pay(db, third, "200.00", date(2026, 11, 2))  # and 100.00 for this one's
    assert balance(db, client, TrustParty.DEBTOR) == D("350.00")
    pay(db, direct, "300.00", date(2026, 11, 2), direct=True)  # paid to the client: 200.00 over
    before = count(db, "trust_entries")
    with pytest.raises(InputError, match="Say which judgment this refund is for"):
        disburse(db, client, TrustParty.DEBTOR, D("100.00"), NOV_20, "", "ops")
    with pytest.raises(InputError, match="Nothing is owed back to the debtor of judgment 13/2026"):
        disburse(db, client, TrustParty.DEBTOR, D("100.00"), NOV_20, "", "ops", judgment_id=other)
    with pytest.raises(InputError, match="nothing for the debtor of judgment 18/2026, though 200"):
        disburse(db, client, TrustParty.DEBTOR, D("1"), NOV_20, "", "ops", judgment_id=direct)
    db.execute("update judgment_values set balance = null where judgment_id = %s", (third,))
    with pytest.raises(InputError, match="balance of judgment 15/2026 cannot be computed"):
        disburse(db, client, TrustParty.DEBTOR, D("1"), NOV_20, "", "ops", judgment_id=third)
    db.execute("update judgment_values set balance = 0 where judgment_id = %s", (third,))
    with pytest.raises(InputError, match="is not this client's"):
        disburse(db, client, TrustParty.DEBTOR, D("1"), NOV_20, "", "ops", judgment_id=elsewhere)
    with pytest.raises(InputError, match="No judgment with id 424242"):
        disburse(db, client, TrustParty.DEBTOR, D("1"), NOV_20, "", "ops", judgment_id=424242)
    with pytest.raises(InputError, match="Only a refund to a debtor names a judgment"):
        disburse(db, client, TrustParty.CLIENT, D("1"), NOV_20, "", "ops", judgment_id=over)
    assert count(db, "trust_entries") == before  # every refusal wrote nothing
    first = disburse(db, client, TrustParty.DEBTOR, D("200.00"), NOV_20, "", "ops",
                     judgment_id=over)  # fmt: skip
    assert first.judgment_id == over and refunded_to_debtor(db, over) == D("200.00")
    with pytest.raises(InputError, match=r"At most 50\.00 can be refunded .* judgment 12/2026"):
        disburse(db, client, TrustParty.DEBTOR, D("50.01"), NOV_20, "", "ops", judgment_id=over)
    undone = reverse_disbursement(db, first.id, NOV_20, "cheque returned", "ops")
    assert undone.judgment_id == over and refunded_to_debtor(db, over) == 0
    disburse(db, client, TrustParty.DEBTOR, D("250.00"), NOV_20, "", "ops", judgment_id=over)
    assert refunded_to_debtor(db, over) == D("250.00") and refunded_to_debtor(db, other) == 0
    assert balance(db, client, TrustParty.DEBTOR) == D("100.00")  # still held for 15/2026
    assert compare(db, D("1200.00"), date(2026, 11, 23)).balanced  # 1,450 in, 250 out


def test_a_refund_is_limited_to_what_is_still_owed_back_and_old_unnamed_refunds_count(
    db: psycopg.Connection,
) -> None:
    j = add_judgment(db, index_number="16/2026", principal="1000.00", plaintiff="Lakeside",
                     entry_date=date(2026, 11, 2))  # fmt: skip
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    other = add_judgment(db, index_number="17/2026", principal="100.00", plaintiff="Lakeside",
                         entry_date=date(2026, 11, 2))  # fmt: skip
    pay(db, j, "1250.00", date(2026, 11, 2))  # 250.00 held for the debtor
    pay(db, j, "100.00", date(2026, 11, 3), kind=LedgerKind.COST)  # a cost uses 100.00 of it
    pay(db, other, "400.00", date(2026, 11, 2))  # 300.00 held for another debtor
    with pytest.raises(InputError, match=r"At most 150\.00 .* \(150\.00 is owed back"):
        disburse(db, client, TrustParty.DEBTOR, D("150.01"), NOV_20, "", "ops", judgment_id=j)
    # A refund recorded before refunds named their judgment: nobody can say whose it was, so it
    # counts against this judgment's debtor too (the check skips rows older than it).
    db.execute("alter table trust_entries drop constraint trust_entries_refund_names_judgment")
    db.execute(
        "insert into trust_entries (plaintiff_id, party, kind, amount, effective_on, period,"
        " memo, created_by) values (%s, 'debtor', 'disbursement', -200.00, %s, %s, '', 'old')",
        (client, date(2026, 11, 4), NOV),
    )
    db.execute(
        "alter table trust_entries add constraint trust_entries_refund_names_judgment check ("
        "party <> 'debtor' or kind <> 'disbursement' or reverses_id is not null"
        " or judgment_id is not null) not valid"
    )
    with pytest.raises(InputError, match=r"At most 50\.00 .* 50\.00 is held in escrow"):
        disburse(db, client, TrustParty.DEBTOR, D("50.01"), NOV_20, "", "ops", judgment_id=j)
    disburse(db, client, TrustParty.DEBTOR, D("50.00"), NOV_20, "", "ops", judgment_id=j)
    with pytest.raises(
        InputError, match="holds nothing for the debtor of judgment 16/2026, though 100"
    ):
        disburse(db, client, TrustParty.DEBTOR, D("0.01"), NOV_20, "", "ops", judgment_id=j)
    assert balance(db, client, TrustParty.DEBTOR) == D("300.00")  # the other debtor's, untouched
    # A debtor who overpaid after the old refund was paid cannot have had it: all theirs is held.
    later = add_judgment(db, index_number="19/2026", principal="100.00", plaintiff="Lakeside",
                         entry_date=date(2026, 11, 2))  # fmt: skip
    pay(db, later, "180.00", date(2026, 11, 2))  # recorded after the old refund
    disburse(db, client, TrustParty.DEBTOR, D("80.00"), NOV_20, "", "ops", judgment_id=later)


def test_a_bounced_payment_that_ends_an_overpayment_leaves_no_refund_for_the_debtor(
    db: psycopg.Connection,
) -> None:
    j = add_judgment(db, index_number="6/2025", principal="1000.00", entry_date=date(2026, 11, 2))
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    first = pay(db, j, "1000.00", date(2026, 11, 2))
    second = split_of(db, pay(db, j, "100.00", date(2026, 11, 2)))
    assert second and second.debtor_refund == D("100.00")
    pay(db, j, "-1000.00", date(2026, 11, 3), reverses_id=first)  # the cheque bounced
    owed = db.execute("select balance, overpaid from judgment_values where judgment_id = %s", (j,))
    balance_due, overpaid = owed.fetchone()  # type: ignore[misc]
    assert balance_due > 0 and overpaid == 0
    # The debtor owes again: nothing is held to refund them; the 100.00 is split 75 / 25.
    assert balance(db, client, TrustParty.DEBTOR) == 0
    assert balance(db, client, TrustParty.CLIENT) == D("75.00")
    assert balance(db, client, TrustParty.FIRM) == D("25.00")
    with pytest.raises(InputError, match="Nothing is owed back"):
        disburse(db, client, TrustParty.DEBTOR, D("100.00"), NOV_20, "", "ops", judgment_id=j)
    assert compare(db, D("100.00"), date(2026, 11, 23)).balanced


def test_a_payment_recorded_while_new_terms_are_being_set_is_split_under_them(
    db: psycopg.Connection, db_url: str
) -> None:
    j = add_judgment(db, index_number="8/2025", principal="1000.00", entry_date=date(2026, 1, 5))
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    fees: list[object] = []

    def record_a_payment() -> None:
        with psycopg.connect(db_url, autocommit=True) as paying:
            fees.append(getattr(split_of(paying, pay(paying, j, "100.00", NOV_20)), "fee", None))

    with psycopg.connect(db_url) as setting, setting.transaction():
        agree(setting, client, NOV, fee_percent=D("40"))  # checked, written, not yet committed
        payer = threading.Thread(target=record_a_payment)
        payer.start()
        payer.join(timeout=1.0)
        assert payer.is_alive()  # the payment waits for the terms
    payer.join(timeout=30)
    # Read before the terms committed, the payment would be split at 25% on 2026-11-20 beside
    # 40% in force from 2026-11-01: a statement that contradicts the agreement.
    assert fees == [D("40.00")]


def test_bad_input_is_refused_and_writes_nothing(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="7/2024")
    client = client_of(db, j)
    for fee in ("-1", "100.01"):
        with pytest.raises(InputError):
            agree(db, client, date(2026, 1, 1), fee_percent=D(fee))
    assert count(db, "client_agreements") == 0
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    pay(db, j, "100.00", date(2026, 10, 5))
    with pytest.raises(InputError, match="overdraw"):
        disburse(db, client, TrustParty.CLIENT, D("75.01"), date(2026, 10, 6), "", "ops")
    assert count(db, "trust_entries") == 2  # the two receipt lines only

    close_period(db, date(2026, 10, 1), "admin@example.com")
    before = [count(db, t) for t in ("trust_entries", "remittance_statements", "audit_events")]
    with pytest.raises(Conflict, match="already closed"):
        close_period(db, date(2026, 10, 1), "admin@example.com")
    with pytest.raises(Conflict, match="closed remittance period"):
        disburse(db, client, TrustParty.CLIENT, D("1.00"), date(2026, 10, 30), "", "ops")
    with pytest.raises(Conflict, match="closed remittance period"):
        agree(db, client, date(2026, 10, 15), fee_percent=D("20"))
    assert [count(db, t) for t in ("trust_entries", "remittance_statements", "audit_events")] == (
        before
    )
    with pytest.raises(InputError, match="YYYY-MM"):
        parse_period("2026/11")


def test_closing_a_month_remits_only_that_month_and_earlier(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="9/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    pay(db, j, "100.00", date(2026, 9, 5))
    pay(db, j, "200.00", date(2026, 10, 5))
    pay(db, j, "400.00", date(2026, 11, 5))
    [september] = close_period(db, date(2026, 9, 1), "admin@example.com")
    assert (september.remitted, september.paid_to_firm) == (D("75.00"), D("25.00"))
    [october] = close_period(db, date(2026, 10, 1), "admin@example.com")
    assert (october.remitted, october.paid_to_firm) == (D("150.00"), D("50.00"))
    assert balance(db, client, TrustParty.CLIENT) == D("300.00")  # November's, still held
    assert compare(db, D("400.00"), date(2026, 11, 23)).balanced


def test_two_people_closing_the_same_month_at_once_remit_it_once(
    db: psycopg.Connection, db_url: str
) -> None:
    j = add_judgment(db, index_number="12/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    pay(db, j, "1000.00", date(2026, 10, 5))
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def close_october() -> None:
        with psycopg.connect(db_url, autocommit=True) as conn:
            start.wait()
            try:
                outcomes.append(close_period(conn, date(2026, 10, 1), "admin@example.com"))
            except Conflict as exc:
                outcomes.append(exc)

    both = [threading.Thread(target=close_october) for _ in range(2)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join(timeout=60)
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "list"]
    assert "already closed" in str(next(o for o in outcomes if isinstance(o, Conflict)))
    assert balance(db, client, TrustParty.CLIENT) == 0  # 750.00 paid once, not twice
    assert count(db, "remittance_statements") == 1


def test_a_month_cannot_be_skipped_once_months_are_closed(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="11/2024")
    agree(db, client_of(db, j), date(2026, 1, 1), fee_percent=D("25"))
    pay(db, j, "100.00", date(2026, 9, 5))
    pay(db, j, "200.00", date(2026, 10, 5))
    close_period(db, date(2026, 9, 1), "admin@example.com")
    with pytest.raises(Conflict, match="2026-10 is not closed yet"):
        close_period(db, NOV, "admin@example.com")
    assert count(db, "remittance_periods") == 1
    # Closed in order, October's 200.00 is on October's statement.
    [october] = close_period(db, date(2026, 10, 1), "admin@example.com")
    assert october.payments == D("200.00")
    assert close_period(db, NOV, "admin@example.com") == []


def test_closing_a_month_after_paying_the_client_by_hand_pays_nothing_twice(
    db: psycopg.Connection,
) -> None:
    j = add_judgment(db, index_number="10/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    pay(db, j, "1000.00", date(2026, 10, 5))
    # October is still open; on 5 November the client is paid its 750.00 by hand.
    disburse(db, client, TrustParty.CLIENT, D("750.00"), date(2026, 11, 5), "cheque 88", "admin")
    [october] = close_period(db, date(2026, 10, 1), "admin@example.com")
    assert (october.remitted, october.paid_to_firm) == (D("0.00"), D("250.00"))
    assert october.carried_forward == 0
    assert balance(db, client, TrustParty.CLIENT) == 0  # not -750.00: paid once
    assert balance(db, client, TrustParty.FIRM) == 0
    assert close_period(db, NOV, "admin@example.com") == []  # nothing held, nothing paid
    assert compare(db, D("0.00"), date(2026, 11, 30)).balanced


def test_a_correction_after_close_lands_in_the_next_period(db: psycopg.Connection) -> None:
    j = add_judgment(db, index_number="8/2024")
    client = client_of(db, j)
    agree(db, client, date(2026, 1, 1), fee_percent=D("25"))
    payment = pay(db, j, "100.00", date(2026, 10, 5))
    close_period(db, date(2026, 10, 1), "admin@example.com")
    pay(db, j, "-100.00", date(2026, 10, 5), reverses_id=payment)  # bounced, found late
    october, november = statement(db, client, date(2026, 10, 1)), statement(db, client, NOV)
    assert [line.amount for line in october.lines] == [D("100.00")]
    assert [line.amount for line in november.lines] == [D("-100.00")]
    # 75 went to the client in October: the bounce leaves the client's ledger 75 short, and the
    # firm's 25 short, until recovered; the books still agree with each other.
    assert balance(db, client, TrustParty.CLIENT) == D("-75.00")
    assert compare(db, D("-100.00"), date(2026, 11, 23)).balanced


actions = st.lists(
    st.tuples(
        st.sampled_from(["pay", "pay", "reverse", "disburse", "undo"]),
        st.integers(min_value=1, max_value=500_000),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_the_reconciliation_balances_after_any_sequence(
    db: psycopg.Connection, steps: list[tuple[str, int]]
) -> None:
    j = add_judgment(db, index_number=f"P-{count(db, 'judgments')}/2024")
    client = client_of(db, j)
    payments: list[int] = []
    paid_out: list[int] = []
    for step, cents in steps:
        amount = D(cents) / 100
        if step == "pay":
            payments.append(pay(db, j, f"{amount}", date(2026, 11, 10)))
        elif step == "reverse" and payments:
            original = payments.pop()
            row = db.execute("select amount from ledger_entries where id = %s", (original,))
            pay(db, j, f"{-row.fetchone()[0]}", date(2026, 11, 11), reverses_id=original)  # type: ignore[index]
        elif step == "disburse":
            held = balance(db, client, TrustParty.CLIENT)
            if held > 0:
                entry = disburse(
                    db, client, TrustParty.CLIENT, min(held, amount), date(2026, 11, 12), "", "o"
                )
                paid_out.append(entry.id)
        elif step == "undo" and paid_out:
            reverse_disbursement(db, paid_out.pop(), date(2026, 11, 13), "returned", "o")
    book = compare(db, D("0"), date(2026, 11, 23)).book_balance
    result = compare(db, book, date(2026, 11, 23))
    assert result.balanced, result.differences
    assert result.client_ledgers == result.book_balance


def test_payments_without_a_split_are_split_in_bulk_as_the_record_path_would(
    db: psycopg.Connection,
) -> None:
    from dragonfly.services.money.backfill import split_unsplit_payments

    recorded = add_judgment(db, index_number="10/2024", principal="1000.00", plaintiff="Twin LLC")
    loaded = add_judgment(db, index_number="11/2024", principal="1000.00", plaintiff="Twin LLC")
    client = client_of(db, recorded)
    agree(
        db, client, date(2026, 1, 1), fee_percent=D("33.33"),
        cost_handling=CostHandling.RECOVERED_FIRST,
    )  # fmt: skip
    steps = [("cost", "60.00", date(2026, 11, 2)), ("payment", "250.00", date(2026, 11, 3)),
             ("payment", "99.99", date(2026, 11, 4))]  # fmt: skip
    for kind, amount, on in steps:
        pay(db, recorded, amount, on, kind=LedgerKind(kind))
        db.execute(
            "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
            " values (%s, %s, %s, %s, 'loader')",
            (loaded, kind, amount, on),
        )
    first = db.execute(
        "select id from ledger_entries where judgment_id = %s and kind = 'payment' order by id",
        (loaded,),
    ).fetchone()
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, reverses_id,"
        " created_by) values (%s, 'payment', -250.00, '2026-11-05', %s, 'loader')",
        (loaded, first[0]),  # type: ignore[index]
    )
    assert split_unsplit_payments(db, "admin") == 3
    assert split_unsplit_payments(db, "admin") == 0  # once only
    parts = "amount, client_share, fee, cost_recovered, debtor_refund"
    by_judgment = [
        db.execute(
            f"select {parts} from payment_splits where judgment_id = %s order by id", (j,)
        ).fetchall()
        for j in (recorded, loaded)
    ]
    assert by_judgment[1][:2] == by_judgment[0]
    assert by_judgment[1][2] == tuple(-v for v in by_judgment[0][0])  # the reversal
    assert compare(db, D("449.98"), date(2026, 11, 23)).balanced


def test_reversing_a_payment_recorded_before_client_money_works_and_is_split_later(
    db: psycopg.Connection,
) -> None:
    from dragonfly.services.money.backfill import split_unsplit_payments

    j = add_judgment(db, index_number="12/2024")
    agree(db, client_of(db, j), date(2026, 1, 1), fee_percent=D("25"))
    old = db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 80.00, '2026-11-02', 'before') returning id",
        (j,),
    ).fetchone()
    pay(db, j, "-80.00", date(2026, 11, 3), reverses_id=old[0])  # type: ignore[index]
    assert count(db, "payment_splits") == 0
    assert split_unsplit_payments(db, "admin") == 2
    assert db.execute("select sum(fee), sum(amount) from payment_splits").fetchone() == (0, 0)


def test_every_statement_of_a_month_read_at_once_matches_each_read_alone(
    db: psycopg.Connection,
) -> None:
    from dragonfly.services.money.statements import period_statements

    for n, fee in ((1, "25"), (2, "33.33")):
        j = add_judgment(db, index_number=f"S-{n}/2024", plaintiff=f"Client {n}")
        agree(db, client_of(db, j), date(2026, 1, 1), fee_percent=D(fee))
        pay(db, j, "100.00", date(2026, 11, 4))
        pay(db, j, "55.55", date(2026, 11, 9), direct=True)
    close_period(db, NOV, "admin@example.com")
    together = period_statements(db, NOV)
    assert together == [statement(db, s.plaintiff_id, NOV) for s in together]
    assert [len(s.lines) for s in together] == [2, 2] and all(s.closed for s in together)


def test_a_statement_csv_never_hands_a_spreadsheet_a_formula(db: psycopg.Connection) -> None:
    # Client names and index numbers come from imported files.
    j = add_judgment(db, index_number="=1+1", plaintiff='=HYPERLINK("http://x.test","Pay")')
    client = client_of(db, j)
    pay(db, j, "100.00", date(2026, 11, 9))
    rows = list(csv.reader(io.StringIO(statement_csv(statement(db, client, NOV)))))
    assert rows[0][1] == '\'=HYPERLINK("http://x.test","Pay")'
    assert rows[2][2] == "'=1+1"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
