"""Remittance statements as PDF: the statement the money service builds, through the papers
engine (papers/templates/remittance_statement.typ)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import psycopg

from dragonfly.core.config import Settings
from dragonfly.papers.profile import firm_profile
from dragonfly.papers.render import compile_paper
from dragonfly.services.money.statements import Statement, statement

TEMPLATE = "remittance_statement.typ"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _note(direct: bool, reversal: bool) -> str:
    return ", ".join(
        text for flag, text in ((direct, "paid to you directly"), (reversal, "reversal")) if flag
    )


def statement_data(stmt: Statement, firm_name: str, firm_address: str) -> dict[str, Any]:
    t = stmt.totals
    pending = "not yet (period open)"
    totals = [
        ("Payments", t.payments),
        ("Your share", t.client_share),
        ("Fees", t.fees),
        ("Costs recovered", t.costs_recovered),
        ("Held for debtor refunds", t.debtor_refunds),
        ("Billed to you (fees on direct payments, gross remittance)", t.billed),
        ("Remitted to you", t.remitted if stmt.closed else pending),
        ("Paid to the firm from escrow", t.paid_to_firm if stmt.closed else pending),
        ("Held for you, carried forward", t.carried_forward),
    ]
    return {
        "client": stmt.client,
        "period": f"{stmt.period:%Y-%m}",
        "closed": stmt.closed,
        "firm": {"name": firm_name or "The firm", "address": firm_address},
        "lines": [
            {
                "date": str(line.effective_on),
                "index_number": line.index_number,
                "court": line.court,
                "amount": _money(line.amount),
                "fee_percent": f"{line.fee_percent}",
                "client_share": _money(line.client_share),
                "fee": _money(line.fee),
                "cost_recovered": _money(line.cost_recovered),
                "debtor_refund": _money(line.debtor_refund),
                "note": _note(line.direct, line.reversal),
            }
            for line in stmt.lines
        ],
        "totals": [
            {"label": label, "value": value if isinstance(value, str) else _money(value)}
            for label, value in totals
        ],
    }


def statement_pdf(
    conn: psycopg.Connection, plaintiff_id: int | None, period: date, settings: Settings
) -> bytes:
    """One client's statement for one month, as a US Letter PDF."""
    stmt = statement(conn, plaintiff_id, period)
    profile = firm_profile(conn)
    data = statement_data(stmt, profile.firm_name, ", ".join(x for x in profile.address_lines if x))
    return compile_paper(TEMPLATE, data, override=settings.dragonfly_paper_templates).pdf
