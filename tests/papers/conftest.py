"""Fixtures for the papers: a firm profile, judgments with their facts, and PDF text."""

from __future__ import annotations

import io
from datetime import date

import psycopg
import pytest
from pypdf import PdfReader

from api.support import add_judgment
from dragonfly.papers import save_firm_profile

PROFILE = {
    "firm_name": "Hudson & Reyes LLP",
    "attorney_name": "Maria Reyes, Esq.",
    "street": "40 Wall Street, Suite 2100",
    "city": "New York",
    "state": "NY",
    "zip": "10005",
    "phone": "(212) 555-0142",
    "email": "papers@hudsonreyes.example",
    "signature_block": "Maria Reyes, Esq.",
}


def pdf_text(pdf: bytes) -> str:
    """Every page's text, with line breaks and runs of spaces made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def firm(db: psycopg.Connection) -> None:
    save_firm_profile(db, PROFILE, actor="admin@example.com")


def add_fact(
    db: psycopg.Connection,
    judgment_id: int,
    kind: str,
    name: str,
    address: str | None,
    *,
    benefits_only: bool = False,
    learned_on: str = "2026-10-01",
) -> int:
    """A live fact about the judgment's debtor (a bank, employer or payor)."""
    row = db.execute(
        "insert into debtor_assets (debtor_id, kind, name, address, benefits_only, source,"
        " learned_on, recorded_by) select debtor_id, %s, %s, %s, %s, 'subpoena_answer', %s, 'ops'"
        " from judgments where id = %s returning id",
        (kind, name, address, benefits_only, learned_on, judgment_id),
    ).fetchone()
    assert row is not None
    return int(row[0])


BANK = ("Hudson Valley Savings Bank", "1200 Central Ave, Albany, NY 12205")


def person_judgment(
    db: psycopg.Connection,
    *,
    index_number: str = "CV-004512-24/KI",
    regime: str = "standard",
    status: str = "active",
    employer: bool = True,
    entry_date: date = date(2024, 6, 15),
    bank: bool = False,
) -> int:
    """A judgment against a natural person, with an employer (and a bank) on record when asked."""
    judgment_id = add_judgment(
        db, index_number=index_number, debtor="Jordan P. Whitaker", entry_date=entry_date
    )
    db.execute(
        "update judgments set interest_regime = %s, costs = 345.00 where id = %s",
        (regime, judgment_id),
    )
    debtor_id = db.execute(
        "update debtors set kind = 'individual' where id = "
        "(select debtor_id from judgments where id = %s) returning id",
        (judgment_id,),
    ).fetchone()[0]  # type: ignore[index]
    if employer:
        db.execute(
            "insert into debtor_assets (debtor_id, kind, name, address, source, learned_on,"
            " recorded_by) values (%s, 'employer', 'Brightline Logistics Inc.',"
            " '300 Industrial Pkwy, Yonkers, NY 10701', 'subpoena_answer', '2026-10-01', 'ops')",
            (debtor_id,),
        )
    if bank:
        add_fact(db, judgment_id, "bank", *BANK)
    if status != "active":
        db.execute(
            "update judgments set status = %s, status_on = '2026-11-02' where id = %s",
            (status, judgment_id),
        )
    from dragonfly.valuation import refresh_judgments

    refresh_judgments(db, judgment_ids=[judgment_id])
    return judgment_id
