"""Closing a remittance period: pay each client and the firm what escrow holds for them, fix
each client's statement, and mark the month closed; all at once or not at all."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import Decimal

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.client_money import is_remittance_month, month_of
from dragonfly.domain.vocabulary import TrustParty
from dragonfly.errors import Conflict, InputError
from dragonfly.services.audit import record_audit
from dragonfly.services.money.agreements import agreement_in_force
from dragonfly.services.money.locks import lock_for_closing
from dragonfly.services.money.periods import (
    StatementTotals,
    closed_period,
    last_closed_period,
    record_close,
)
from dragonfly.services.money.statements import period_lines, totals_of
from dragonfly.services.money.trust import balance, pay_out


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
    if period > month_of(today_in_new_york()):
        raise InputError.in_field("period", f"{period:%Y-%m} has not begun yet.")


def _clients_to_settle(conn: psycopg.Connection, period: date) -> list[int | None]:
    rows = conn.execute(
        "select plaintiff_id from payment_splits where period = %(p)s"
        " union select plaintiff_id from trust_entries where period <= %(p)s"
        " group by plaintiff_id having sum(amount) <> 0",
        {"p": period},
    ).fetchall()
    return sorted({row[0] for row in rows}, key=lambda p: (p is None, p or 0))


def _settle(
    conn: psycopg.Connection, plaintiff_id: int | None, period: date, paid_on: date, actor: str
) -> StatementTotals:
    _, terms = agreement_in_force(conn, plaintiff_id, paid_on)
    remit = plaintiff_id is not None and is_remittance_month(terms.cadence, period)
    paid: dict[TrustParty, Decimal] = {}
    for party in (TrustParty.CLIENT, TrustParty.FIRM):
        # Only what this period and earlier ones brought in: later months are remitted later.
        held = balance(conn, plaintiff_id, party, through=period)
        paid[party] = held if remit and held > 0 else Decimal("0.00")
        if paid[party]:
            memo = f"remittance {period:%Y-%m}" + (" to client" if party == "client" else " fee")
            pay_out(conn, plaintiff_id, party, paid[party], paid_on, period, memo, actor)
    carried = balance(conn, plaintiff_id, TrustParty.CLIENT, through=period)
    return totals_of(
        plaintiff_id,
        period_lines(conn, plaintiff_id, period),
        remitted=paid[TrustParty.CLIENT],
        paid_to_firm=paid[TrustParty.FIRM],
        carried_forward=carried,
    )


def close_period(conn: psycopg.Connection, period: date, actor: str) -> list[StatementTotals]:
    """Close `period` (the first of a month): remit, fix the statements, and refuse any later
    change to it. Refused, writing nothing, when it is closed already or a later one is."""
    with conn.transaction():
        lock_for_closing(conn)
        _refuse(conn, period)
        last_day = period.replace(day=monthrange(period.year, period.month)[1])
        paid_on = min(last_day, today_in_new_york())
        statements = [
            _settle(conn, plaintiff_id, period, paid_on, actor)
            for plaintiff_id in _clients_to_settle(conn, period)
        ]
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
