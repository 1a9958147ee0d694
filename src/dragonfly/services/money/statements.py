"""Remittance statements: each client's payments in a period, their splits and what was paid.

The figures come from payment_splits (what each payment was split into) and, once the period is
closed, from the totals fixed at close. The papers layer makes the PDF; this module the rows and
the CSV.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.spreadsheet import spreadsheet_safe
from dragonfly.errors import NotFound
from dragonfly.services.money.periods import StatementTotals, closed_period, fixed_statement

# What the firm invoices for a split: mirrors domain.client_money.holdings (tested together).
BILLED_SQL = (
    "case when s.direct then s.fee + s.cost_recovered"
    " when s.remittance = 'gross' then s.fee else 0 end"
)


@dataclass(frozen=True)
class StatementLine:
    ledger_entry_id: int
    effective_on: date
    judgment_id: int
    index_number: str
    court: str
    amount: Decimal
    fee_percent: Decimal
    client_share: Decimal
    fee: Decimal
    cost_recovered: Decimal
    debtor_refund: Decimal
    billed: Decimal
    direct: bool
    reversal: bool


LINES_SQL = f"""
select s.ledger_entry_id, s.effective_on, s.judgment_id, j.index_number,
       j.court_name as court, s.amount, s.fee_percent, s.client_share, s.fee,
       s.cost_recovered, s.debtor_refund,
       {BILLED_SQL} as billed, s.direct, e.reverses_id is not null as reversal
from payment_splits s
join judgments j on j.id = s.judgment_id
join ledger_entries e on e.id = s.ledger_entry_id
where s.period = %s and s.plaintiff_id is not distinct from %s
order by s.effective_on, s.ledger_entry_id
"""
# Every client's lines for a period at once (month-end): one scan, not one query per client.
PERIOD_LINES_SQL = f"""
select s.plaintiff_id, s.ledger_entry_id, s.effective_on, s.judgment_id, j.index_number,
       j.court_name as court, s.amount, s.fee_percent, s.client_share, s.fee,
       s.cost_recovered, s.debtor_refund,
       {BILLED_SQL} as billed, s.direct, e.reverses_id is not null as reversal
from payment_splits s
join judgments j on j.id = s.judgment_id
join ledger_entries e on e.id = s.ledger_entry_id
where s.period = %s and s.plaintiff_id is not null
order by s.plaintiff_id, s.effective_on, s.ledger_entry_id
"""


@dataclass(frozen=True)
class Statement:
    plaintiff_id: int | None
    client: str
    period: date
    closed: bool
    lines: list[StatementLine]
    totals: StatementTotals


def _client_name(conn: psycopg.Connection, plaintiff_id: int | None) -> str:
    if plaintiff_id is None:
        return "(no client)"
    row = conn.execute("select name from plaintiffs where id = %s", (plaintiff_id,)).fetchone()
    if row is None:
        raise NotFound(f"No client (plaintiff) with id {plaintiff_id}.")
    return str(row[0])


def period_lines(
    conn: psycopg.Connection, plaintiff_id: int | None, period: date
) -> list[StatementLine]:
    with conn.cursor(row_factory=class_row(StatementLine)) as cur:
        return cur.execute(LINES_SQL, (period, plaintiff_id)).fetchall()


def totals_of(
    plaintiff_id: int | None,
    lines: list[StatementLine],
    *,
    remitted: Decimal = Decimal("0.00"),
    paid_to_firm: Decimal = Decimal("0.00"),
    carried_forward: Decimal = Decimal("0.00"),
) -> StatementTotals:
    def total(field: str) -> Decimal:
        return sum((getattr(line, field) for line in lines), Decimal("0.00"))

    return StatementTotals(
        plaintiff_id=plaintiff_id,
        payments=total("amount"),
        client_share=total("client_share"),
        fees=total("fee"),
        costs_recovered=total("cost_recovered"),
        debtor_refunds=total("debtor_refund"),
        billed=total("billed"),
        remitted=remitted,
        paid_to_firm=paid_to_firm,
        carried_forward=carried_forward,
    )


def statement(conn: psycopg.Connection, plaintiff_id: int | None, period: date) -> Statement:
    """One client's statement for one month: fixed if the month is closed, a preview if not
    (nothing remitted yet)."""
    name = _client_name(conn, plaintiff_id)
    lines = period_lines(conn, plaintiff_id, period)
    closed = closed_period(conn, period) is not None
    fixed = fixed_statement(conn, period, plaintiff_id) if closed else None
    totals = fixed or totals_of(plaintiff_id, lines)
    return Statement(plaintiff_id, name, period, closed, lines, totals)


def period_statements(conn: psycopg.Connection, period: date) -> list[Statement]:
    """Every client's statement for a month (the totals fixed at close, or a preview while the
    month is open), read in a few queries whatever the number of clients (month-end)."""
    closed = closed_period(conn, period) is not None
    with conn.cursor(row_factory=class_row(StatementTotals)) as cur:
        fixed: dict[int, StatementTotals] = {
            t.plaintiff_id: t
            for t in cur.execute(
                "select plaintiff_id, payments, client_share, fees, costs_recovered,"
                " debtor_refunds, billed, remitted, paid_to_firm, carried_forward"
                " from remittance_statements where period = %s and plaintiff_id is not null",
                (period,),
            )
            if t.plaintiff_id is not None
        }
    lines: dict[int, list[StatementLine]] = defaultdict(list)
    with conn.cursor() as cur:
        for row in cur.execute(PERIOD_LINES_SQL, (period,)):
            lines[row[0]].append(StatementLine(*row[1:]))
    names: dict[int, str] = dict(
        conn.execute(
            "select id, name from plaintiffs where id = any(%s)", (list(fixed | lines),)
        ).fetchall()
    )
    return [
        Statement(p, names[p], period, closed, lines[p], fixed.get(p) or totals_of(p, lines[p]))
        for p in sorted(fixed | lines)
    ]


CSV_HEADER = [
    "date", "judgment", "index_number", "court", "payment", "fee_percent", "client_share",
    "fee", "costs_recovered", "debtor_refund", "billed", "paid_directly_to_client", "reversal",
]  # fmt: skip


def statement_csv(stmt: Statement) -> str:
    """The statement as CSV: a line per payment, then the totals and what was remitted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # Names and index numbers come from imports: a spreadsheet must not run them as formulas.
    writer.writerow(["client", spreadsheet_safe(stmt.client), "period", f"{stmt.period:%Y-%m}"])
    writer.writerow(CSV_HEADER)
    for line in stmt.lines:
        writer.writerow(
            [
                line.effective_on, line.judgment_id, spreadsheet_safe(line.index_number),
                spreadsheet_safe(line.court), line.amount,
                line.fee_percent, line.client_share, line.fee, line.cost_recovered,
                line.debtor_refund, line.billed, "yes" if line.direct else "no",
                "yes" if line.reversal else "no",
            ]
        )  # fmt: skip
    t = stmt.totals
    writer.writerow([])
    for label, value in (
        ("total payments", t.payments),
        ("client share", t.client_share),
        ("fees", t.fees),
        ("costs recovered", t.costs_recovered),
        ("held for debtor refunds", t.debtor_refunds),
        ("billed to client", t.billed),
        ("remitted to client", t.remitted if stmt.closed else "not yet (period open)"),
        ("paid to the firm", t.paid_to_firm if stmt.closed else "not yet (period open)"),
        ("carried forward", t.carried_forward),
    ):
        writer.writerow([label, value])
    return out.getvalue()
