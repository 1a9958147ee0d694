"""Payment splits: every payment in the ledger, split as of its date, in the same transaction.

`services/ledger.py` calls `record_split` from its record path, so a payment and its split (and
its trust receipts) are written together or not at all; this module alone writes payment_splits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.client_money import (
    Split,
    Terms,
    fee_percent_for,
    holdings,
    period_for,
    reversal_split,
    split_payment,
)
from dragonfly.domain.money import ZERO
from dragonfly.domain.vocabulary import RemittanceBasis
from dragonfly.errors import InputError
from dragonfly.services.money.agreements import agreement_in_force
from dragonfly.services.money.locks import lock_for_recording
from dragonfly.services.money.periods import last_closed_period
from dragonfly.services.money.trust import post_receipts


@dataclass(frozen=True)
class _StoredSplit:
    plaintiff_id: int | None
    agreement_id: int | None
    amount: Decimal
    client_share: Decimal
    fee: Decimal
    cost_recovered: Decimal
    debtor_refund: Decimal
    fee_percent: Decimal
    remittance: str
    direct: bool

    def split(self) -> Split:
        return Split(
            amount=self.amount,
            client_share=self.client_share,
            fee=self.fee,
            cost_recovered=self.cost_recovered,
            debtor_refund=self.debtor_refund,
            fee_percent=self.fee_percent,
            remittance=RemittanceBasis(self.remittance),
            direct=self.direct,
        )


def _judgment_facts(conn: psycopg.Connection, judgment_id: int) -> tuple[int | None, date, Decimal]:
    row = conn.execute(
        "select plaintiff_id, entry_date, principal from judgments where id = %s", (judgment_id,)
    ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def _unrecovered_costs(conn: psycopg.Connection, judgment_id: int) -> Decimal:
    """Costs recorded on the judgment (reversals net out) less those already recovered."""
    row = conn.execute(
        "select (select coalesce(sum(amount), 0) from ledger_entries"
        "         where judgment_id = %(j)s and kind = 'cost')"
        "     - (select coalesce(sum(cost_recovered), 0) from payment_splits"
        "         where judgment_id = %(j)s)",
        {"j": judgment_id},
    ).fetchone()
    return Decimal(row[0]) if row else ZERO


def _refunds_attributed(conn: psycopg.Connection, judgment_id: int) -> Decimal:
    """The debtor refunds the judgment's splits hold so far (reversals net out)."""
    row = conn.execute(
        "select coalesce(sum(debtor_refund), 0) from payment_splits where judgment_id = %s",
        (judgment_id,),
    ).fetchone()
    return Decimal(row[0]) if row else ZERO


def _original(conn: psycopg.Connection, ledger_entry_id: int) -> _StoredSplit | None:
    with conn.cursor(row_factory=class_row(_StoredSplit)) as cur:
        return cur.execute(
            "select plaintiff_id, agreement_id, amount, client_share, fee, cost_recovered,"
            " debtor_refund, fee_percent, remittance::text as remittance, direct"
            " from payment_splits where ledger_entry_id = %s",
            (ledger_entry_id,),
        ).fetchone()


def record_split(
    conn: psycopg.Connection,
    *,
    ledger_entry_id: int,
    judgment_id: int,
    amount: Decimal,
    effective_on: date,
    reverses_id: int | None,
    overpaid_before: Decimal,
    overpaid_after: Decimal,
    direct: bool,
    actor: str,
) -> Split | None:
    """Split one payment (or reverse the split of the payment it reverses) and post its trust
    receipts, inside the ledger's transaction. A payment takes as the debtor's refund what it
    added to the judgment's overpaid amount; a reversal takes back what the debtor no longer
    overpaid (domain.client_money.reversal_split). The reversal of a payment that was never split
    (recorded before client money) is left unsplit too: `split_unsplit_payments` splits both."""
    lock_for_recording(conn)
    period = period_for(effective_on, last_closed_period(conn))
    if reverses_id is not None:
        original = _original(conn, reverses_id)
        if original is None:
            return None
        if direct:
            raise InputError.in_field("direct", "A reversal takes its payment's way of payment.")
        plaintiff_id, agreement_id = original.plaintiff_id, original.agreement_id
        # What the debtor no longer overpaid: the fall in the judgment's overpaid amount, or
        # the refunds held beyond what it still overpaid, whichever takes back more.
        held_back = overpaid_after - _refunds_attributed(conn, judgment_id)
        split = reversal_split(original.split(), min(overpaid_after - overpaid_before, held_back))
    else:
        plaintiff_id, entered, principal = _judgment_facts(conn, judgment_id)
        if plaintiff_id is not None:
            # New terms lock the client's row while they check that no payment from their date
            # is split: this payment waits for them, or they for it, never both unseen.
            conn.execute("select 1 from plaintiffs where id = %s for share", (plaintiff_id,))
        agreement_id, terms = agreement_in_force(conn, plaintiff_id, effective_on)
        percent = _fee_percent(terms, entered, principal, effective_on)
        split = split_payment(
            amount,
            terms,
            percent,
            unrecovered_costs=_unrecovered_costs(conn, judgment_id),
            overpaid=max(ZERO, overpaid_after - overpaid_before),
            direct=direct,
        )
    conn.execute(
        "insert into payment_splits (ledger_entry_id, judgment_id, plaintiff_id, agreement_id,"
        " effective_on, period, amount, client_share, fee, cost_recovered, debtor_refund,"
        " fee_percent, remittance, direct)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            ledger_entry_id, judgment_id, plaintiff_id, agreement_id, effective_on, period,
            split.amount, split.client_share, split.fee, split.cost_recovered,
            split.debtor_refund, split.fee_percent, split.remittance, split.direct,
        ),
    )  # fmt: skip
    post_receipts(
        conn,
        plaintiff_id=plaintiff_id,
        held=holdings(split),
        effective_on=effective_on,
        period=period,
        ledger_entry_id=ledger_entry_id,
        actor=actor,
    )
    return split


def _fee_percent(terms: Terms, entered: date, principal: Decimal, on: date) -> Decimal:
    return fee_percent_for(terms, age_days=(on - entered).days, judgment_amount=principal)


def stored_split(conn: psycopg.Connection, ledger_entry_id: int) -> tuple[int | None, Split]:
    """A payment's recorded split and the agreement it was made under."""
    row = _original(conn, ledger_entry_id)
    assert row is not None, f"payment {ledger_entry_id} has no split"
    return row.agreement_id, row.split()


def split_of(conn: psycopg.Connection, ledger_entry_id: int) -> Split | None:
    """The split recorded for one ledger entry (None for costs and adjustments)."""
    with conn.cursor(row_factory=class_row(_StoredSplit)) as cur:
        row = cur.execute(
            "select plaintiff_id, agreement_id, amount, client_share, fee, cost_recovered,"
            " debtor_refund, fee_percent, remittance::text as remittance, direct"
            " from payment_splits where ledger_entry_id = %s",
            (ledger_entry_id,),
        ).fetchone()
    return row.split() if row else None
