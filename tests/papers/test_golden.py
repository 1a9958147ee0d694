"""Golden text: the words of each paper, extracted from the PDF, against a reviewed snapshot.

A change to a template (or to a figure in the rules table) shows as a diff here, for a person to
read before it reaches a served paper. Refresh after review: DRAGONFLY_UPDATE_GOLDEN=1.
The snapshots are dated 2026-11-23 (the suite's pinned day); on another day they are skipped.
"""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.papers import document_pdf, make_paper
from dragonfly.papers.make import PAPERS
from dragonfly.valuation import judgment_valuation
from papers.conftest import person_judgment

GOLDEN = Path(__file__).parent / "golden"
FIRM_TEMPLATES = Path(__file__).parent / "firm_templates"
STATUTORY = Path(__file__).resolve().parents[2] / "src/dragonfly/papers/templates/statutory"


def page_lines(pdf: bytes) -> str:
    """Each page's text line by line (easy to diff), pages separated by a marked line."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(
        f"--- page {n} ---\n"
        + "".join(f"{line.rstrip()}\n" for line in page.extract_text().splitlines())
        for n, page in enumerate(pages, 1)
    )


def judgment_for(db: psycopg.Connection, kind: PaperKind) -> int:
    judgment_id = person_judgment(db, regime="consumer", bank=True)
    if kind is PaperKind.SATISFACTION_PIECE:
        owed = judgment_valuation(db, judgment_id).balance.balance
        db.execute(
            "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
            " values (%s, 'payment', %s, %s, 'ops')",
            (judgment_id, owed, today_in_new_york()),
        )
        db.execute(
            "update judgments set status = 'satisfied', status_on = %s where id = %s",
            (today_in_new_york(), judgment_id),
        )
    return judgment_id


@pytest.mark.skipif(
    today_in_new_york() != date(2026, 11, 23), reason="the snapshots are dated 2026-11-23"
)
@pytest.mark.parametrize("kind", list(PaperKind))
def test_paper_text_matches_its_golden_snapshot(
    db: psycopg.Connection, firm: None, kind: PaperKind
) -> None:
    # The firm's folder adds only counsel's text for the consumer demand letter (tests' stand-in).
    document = make_paper(db, kind, judgment_for(db, kind), actor="ops", templates=FIRM_TEMPLATES)
    text = page_lines(document_pdf(db, document.id)[1])
    golden = GOLDEN / f"{kind.value}.txt"
    if os.environ.get("DRAGONFLY_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs; review the diff"


def test_every_paper_kind_has_a_template() -> None:
    assert set(PAPERS) == set(PaperKind)


@pytest.mark.parametrize("path", sorted(STATUTORY.glob("*.typ")), ids=lambda p: p.name)
def test_each_statutory_passage_names_its_source_and_prints_it(path: Path) -> None:
    """Each passage says where its words come from, and prints its citation beside them.

    Two header styles: `// Source: <statute>.`, or a source URL with `#let citation = "..."`
    (the passages counsel installs), whose citation the file prints outside that line too.
    """
    text = path.read_text(encoding="utf-8")
    source = re.search(r"^// Source: (.+?)\.?$", text, re.MULTILINE)
    assert source, f"{path.name}: first lines must say '// Source: <statute or its address>'"
    declared = re.search(r'^#let citation = "(.+)"$', text, re.MULTILINE)
    if declared:
        citation = declared.group(1)
    else:
        section = re.search(r"\d[\w-]*(\([\w]+\))+", source.group(1))
        assert section, source.group(1)
        citation = section.group(0)
    printed = "\n".join(
        line for line in text.splitlines() if not line.startswith(("//", "#let citation"))
    )
    assert citation.split()[-1] in printed, f"{path.name} does not print {citation} by its text"
