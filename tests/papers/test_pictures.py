"""Pictures of each paper for docs/papers/ (run with DRAGONFLY_PAPER_PICTURES=1).

Each picture is drawn from the facts recorded on a real paper, so it shows what was served.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.papers import make_paper
from dragonfly.papers.make import PAPERS
from dragonfly.papers.render import paper_pictures
from dragonfly.valuation import judgment_valuation
from papers.conftest import person_judgment

FIRM_TEMPLATES = Path(__file__).parent / "firm_templates"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "papers"
pytestmark = pytest.mark.skipif(
    not os.environ.get("DRAGONFLY_PAPER_PICTURES"), reason="set DRAGONFLY_PAPER_PICTURES=1"
)


def test_pictures_of_each_paper(db: psycopg.Connection, firm: None) -> None:
    # The statutory passages are not installed in what we ship (those papers are refused), so
    # the pictures show the tests' stand-ins in their place, each marked TEST STAND-IN.
    execution = person_judgment(db, regime="consumer", bank=True)
    satisfied = person_judgment(db, index_number="CV-000777-23/KI")
    owed = judgment_valuation(db, satisfied).balance.balance
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', %s, %s, 'ops')",
        (satisfied, owed, today_in_new_york()),
    )
    db.execute(
        "update judgments set status = 'satisfied', status_on = %s where id = %s",
        (today_in_new_york(), satisfied),
    )
    for kind, judgment_id in (
        (PaperKind.INCOME_EXECUTION, execution),
        (PaperKind.SATISFACTION_PIECE, satisfied),
        (PaperKind.INFORMATION_SUBPOENA_DEBTOR, execution),
        (PaperKind.RESTRAINING_NOTICE_DEBTOR, execution),
        (PaperKind.RESTRAINING_NOTICE_THIRD_PARTY, execution),
        (PaperKind.RESTRAINING_NOTICE_BANK_PACKET, execution),
        (PaperKind.NOTICE_TO_JUDGMENT_DEBTOR, execution),
        (PaperKind.INFORMATION_SUBPOENA_THIRD_PARTY, execution),
        (PaperKind.PROPERTY_EXECUTION, execution),
        (PaperKind.DEMAND_LETTER, execution),
    ):
        document = make_paper(
            db, kind, judgment_id, actor="ops@example.com", templates=FIRM_TEMPLATES
        )
        for old in DOCS.glob(f"{kind.value}-*.png"):
            old.unlink()
        pictures = paper_pictures(
            PAPERS[kind][0], document.facts, DOCS, kind.value, override=FIRM_TEMPLATES
        )
        assert len(pictures) == document.pages
