"""Remittance periods (a month, closed once when remitted) and the statements fixed at close."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

import psycopg
from psycopg.rows import class_row


def last_closed_period(conn: psycopg.Connection) -> date | None:
    row = conn.execute("select max(period) from remittance_periods").fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class ClosedPeriod:
    period: date
    closed_by: str
    closed_at: datetime


def closed_period(conn: psycopg.Connection, period: date) -> ClosedPeriod | None:
    with conn.cursor(row_factory=class_row(ClosedPeriod)) as cur:
        return cur.execute(
            "select period, closed_by, closed_at from remittance_periods where period = %s",
            (period,),
        ).fetchone()


@dataclass(frozen=True)
class StatementTotals:
    """One client's figures for one period: what was collected and how it was shared."""

    plaintiff_id: int | None
    payments: Decimal
    client_share: Decimal
    fees: Decimal
    costs_recovered: Decimal
    debtor_refunds: Decimal
    billed: Decimal
    remitted: Decimal
    paid_to_firm: Decimal
    carried_forward: Decimal


def record_close(
    conn: psycopg.Connection, period: date, actor: str, statements: list[StatementTotals]
) -> None:
    """Mark the period closed and fix each client's statement (within the caller's transaction)."""
    conn.execute(
        "insert into remittance_periods (period, closed_by) values (%s, %s)", (period, actor)
    )
    with conn.cursor() as cur:
        cur.executemany(
            "insert into remittance_statements (period, plaintiff_id, payments, client_share,"
            " fees, costs_recovered, debtor_refunds, billed, remitted, paid_to_firm,"
            " carried_forward) values (%(period)s, %(plaintiff_id)s, %(payments)s,"
            " %(client_share)s, %(fees)s, %(costs_recovered)s, %(debtor_refunds)s, %(billed)s,"
            " %(remitted)s, %(paid_to_firm)s, %(carried_forward)s)",
            [{"period": period, **asdict(s)} for s in statements],
        )


def fixed_statement(
    conn: psycopg.Connection, period: date, plaintiff_id: int | None
) -> StatementTotals | None:
    """The totals fixed when the period closed, or None while it is open."""
    with conn.cursor(row_factory=class_row(StatementTotals)) as cur:
        return cur.execute(
            "select plaintiff_id, payments, client_share, fees, costs_recovered, debtor_refunds,"
            " billed, remitted, paid_to_firm, carried_forward from remittance_statements"
            " where period = %s and plaintiff_id is not distinct from %s",
            (period, plaintiff_id),
        ).fetchone()
