"""Closing a remittance period: pay each client and the firm what escrow holds for them, fix
each client's statement, and mark the month closed; all at once or not at all.

Set-based: a handful of queries whatever the number of clients, so a month-end over hundreds of
clients and a hundred thousand payments stays a matter of seconds.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from datetime import date
from decimal import Decimal

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.client_money import is_remittance_month, month_of, next_month
from dragonfly.domain.money import ZERO
from dragonfly.domain.vocabulary import RemittanceCadence, TrustParty
from dragonfly.errors import Conflict, InputError
from dragonfly.services.audit import record_audit
from dragonfly.services.money.locks import lock_for_closing
from dragonfly.services.money.periods import (
    StatementTotals,
    closed_period,
    last_closed_period,
    record_close,
)
from dragonfly.services.money.statements import BILLED_SQL
from dragonfly.services.money.trust import Payout, pay_out_many

# What escrow holds per client and party from this period and earlier (later months are paid
# later), but never more than it holds in all: a disbursement dated in a later, open month
# (paid by hand before this month closed) has already paid part of it. And each client's splits
# of the period: the statement's figures.
HELD_SQL = """
select plaintiff_id, party::text,
       least(coalesce(sum(amount) filter (where period <= %s), 0), sum(amount))
from trust_entries group by plaintiff_id, party
"""
PERIOD_SQL = f"""
select s.plaintiff_id, sum(s.amount), sum(s.client_share), sum(s.fee), sum(s.cost_recovered),
       sum(s.debtor_refund), sum({BILLED_SQL})
from payment_splits s where s.period = %s group by s.plaintiff_id
"""
CADENCE_SQL = """
select distinct on (plaintiff_id) plaintiff_id, cadence::text from client_agreements
where effective_on <= %s order by plaintiff_id, effective_on desc, id desc
"""


def parse_period(text: str) -> date:
    """'2026-11' -> 2026-11-01; anything else is refused with the expected shape."""
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError:
        raise InputError.in_field(
            "period", f"Period {text!r} is not a month like 2026-11 (YYYY-MM)."
        ) from None


def _refuse(conn: psycopg.Connection, period: date) -> None:
    done = closed_period(conn, period)
    if done is not None:
        raise Conflict(
            f"{period:%Y-%m} was already closed on {done.closed_at:%Y-%m-%d} by "
            f"{done.closed_by}; a closed period is never closed or edited again. Later "
            "corrections land in the next open period.",
            details={"period": f"{period:%Y-%m}"},
        )
    last = last_closed_period(conn)
    if last is not None and last > period:
        raise Conflict(
            f"{last:%Y-%m} is already closed; periods close in order, so {period:%Y-%m} can no "
            "longer be closed (its late entries were moved to the next open period).",
            details={"period": f"{period:%Y-%m}"},
        )
    if last is not None and period > next_month(last):
        # A skipped month would never be closed (months close in order): its payments would be
        # remitted with the later month but appear on no statement fixed at a close.
        raise Conflict(
            f"{next_month(last):%Y-%m} is not closed yet; periods close in order, so close it "
            f"before {period:%Y-%m}.",
            details={"period": f"{period:%Y-%m}"},
        )
    if period > month_of(today_in_new_york()):
        raise InputError.in_field("period", f"{period:%Y-%m} has not begun yet.")


def _settle(
    conn: psycopg.Connection, period: date, paid_on: date, actor: str
) -> list[StatementTotals]:
    held: dict[int | None, dict[str, Decimal]] = defaultdict(dict)
    for plaintiff_id, party, amount in conn.execute(HELD_SQL, (period,)).fetchall():
        held[plaintiff_id][party] = amount
    figures = {row[0]: row[1:] for row in conn.execute(PERIOD_SQL, (period,)).fetchall()}
    cadences: dict[int | None, str] = dict(conn.execute(CADENCE_SQL, (paid_on,)).fetchall())
    clients = {p for p, parties in held.items() if any(parties.values())} | set(figures)
    statements, payouts = [], []
    for plaintiff_id in sorted(clients, key=lambda p: (p is None, p or 0)):
        cadence = RemittanceCadence(cadences.get(plaintiff_id, RemittanceCadence.MONTHLY))
        remit = plaintiff_id is not None and is_remittance_month(cadence, period)
        paid = {}
        for party in (TrustParty.CLIENT, TrustParty.FIRM):
            amount = held[plaintiff_id].get(party, ZERO)
            paid[party] = amount if remit and amount > 0 else ZERO
            if paid[party]:
                memo = f"remittance {period:%Y-%m}" + (
                    " to client" if party == "client" else " fee"
                )
                payouts.append(Payout(plaintiff_id, party, paid[party], paid_on, period, memo))
        payments, share, fees, costs, refunds, billed = figures.get(plaintiff_id, (ZERO,) * 6)
        statements.append(
            StatementTotals(
                plaintiff_id=plaintiff_id,
                payments=payments,
                client_share=share,
                fees=fees,
                costs_recovered=costs,
                debtor_refunds=refunds,
                billed=billed,
                remitted=paid[TrustParty.CLIENT],
                paid_to_firm=paid[TrustParty.FIRM],
                carried_forward=held[plaintiff_id].get(TrustParty.CLIENT, ZERO)
                - paid[TrustParty.CLIENT],
            )
        )
    pay_out_many(conn, payouts, actor)
    return statements


def close_period(conn: psycopg.Connection, period: date, actor: str) -> list[StatementTotals]:
    """Close `period` (the first of a month): remit, fix the statements, and refuse any later
    change to it. Refused, writing nothing, when it is closed already or a later one is."""
    with conn.transaction():
        lock_for_closing(conn)
        _refuse(conn, period)
        last_day = period.replace(day=monthrange(period.year, period.month)[1])
        paid_on = min(last_day, today_in_new_york())
        statements = _settle(conn, period, paid_on, actor)
        record_close(conn, period, actor, statements)
        record_audit(
            conn,
            actor=actor,
            action="remittance.close",
            entity="remittance_period",
            entity_id=f"{period:%Y-%m}",
            after={
                "clients": len(statements),
                "remitted": sum((s.remitted for s in statements), Decimal(0)),
                "paid_to_firm": sum((s.paid_to_firm for s in statements), Decimal(0)),
            },
        )
    return statements
