"""Remittance statements as PDF: the statement the money service builds, through the papers
engine (papers/templates/remittance_statement.typ)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import psycopg

from dragonfly.core.config import Settings
from dragonfly.papers.profile import FirmProfile, firm_profile
from dragonfly.papers.render import compile_paper
from dragonfly.services.money.statements import Statement, statement

TEMPLATE = "remittance_statement.typ"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _note(direct: bool, reversal: bool) -> str:
    return ", ".join(
        text for flag, text in ((direct, "paid to you directly"), (reversal, "reversal")) if flag
    )


# (title, width, right-aligned) of each fixed-width column of the payment lines.
COLUMNS = [
    ("Date", 10, False),
    ("Index no.", 16, False),
    ("Court", 30, False),
    ("Payment", 12, True),
    ("Fee %", 6, True),
    ("Your share", 12, True),
    ("Fee", 11, True),
    ("Costs", 10, True),
    ("Refund", 10, True),
    ("Note", 21, False),
]


def _fixed(cells: list[str]) -> str:
    out = []
    for text, (_, width, right) in zip(cells, COLUMNS, strict=True):
        text = text if len(text) <= width else text[: width - 1] + "…"
        out.append(text.rjust(width) if right else text.ljust(width))
    return "  ".join(out).rstrip()


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
        "lines": len(stmt.lines),
        "header": _fixed([title for title, _, _ in COLUMNS]),
        "rows": "\n".join(
            _fixed(
                [
                    str(line.effective_on),
                    line.index_number,
                    line.court,
                    _money(line.amount),
                    f"{line.fee_percent}",
                    _money(line.client_share),
                    _money(line.fee),
                    _money(line.cost_recovered),
                    _money(line.debtor_refund),
                    _note(line.direct, line.reversal),
                ]
            )
            for line in stmt.lines
        ),
        "totals": [
            {"label": label, "value": value if isinstance(value, str) else _money(value)}
            for label, value in totals
        ],
    }


def render_statement_pdf(stmt: Statement, profile: FirmProfile, settings: Settings) -> bytes:
    """A statement already read, as a US Letter PDF (landscape)."""
    address = ", ".join(x for x in profile.address_lines if x)
    data = statement_data(stmt, profile.firm_name, address)
    return compile_paper(TEMPLATE, data, override=settings.dragonfly_paper_templates).pdf


def _compile(args: tuple[dict[str, Any], Path | None]) -> bytes:
    data, override = args
    return compile_paper(TEMPLATE, data, override=override).pdf


def render_statement_pdfs(
    statements: Iterable[Statement], profile: FirmProfile, settings: Settings, processes: int
) -> Iterator[bytes]:
    """Many statements as PDFs, in order, compiled by `processes` worker processes (a month-end
    makes hundreds; one compiler works on one document at a time)."""
    address = ", ".join(x for x in profile.address_lines if x)
    jobs = (
        (statement_data(stmt, profile.firm_name, address), settings.dragonfly_paper_templates)
        for stmt in statements
    )
    if processes <= 1:
        yield from map(_compile, jobs)
        return
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        yield from pool.map(_compile, jobs, chunksize=4)


def statement_pdf(
    conn: psycopg.Connection, plaintiff_id: int | None, period: date, settings: Settings
) -> bytes:
    """One client's statement for one month, as a PDF."""
    stmt = statement(conn, plaintiff_id, period)
    return render_statement_pdf(stmt, firm_profile(conn), settings)
