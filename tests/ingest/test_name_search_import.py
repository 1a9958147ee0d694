"""Imported names are found however a person types them: the folding is stored at import."""

from __future__ import annotations

from pathlib import Path

import psycopg
from ingest_support import run_import, write

from dragonfly.services.judgments.portfolio import JudgmentFilters, list_judgments

HEADER = "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry,Court\n"
ROWS = [
    'CV-2021-000001,O\'Brien Recovery LLC,"PEÑA, MARÍA",1000.00,01/05/2021,Kings Civil Court\n',
    'CV-2021-000002,Acme Funding LLC,"JACKSON, TYRONE",2000.00,02/05/2021,Kings Civil Court\n',
    "CV-2021-000003,Acme Funding LLC,Seán O Brien,3000.00,03/05/2021,Kings Civil Court\n",
]


def test_imported_parties_are_found_by_folded_names(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "court.csv", HEADER + "".join(ROWS)))

    def found(q: str) -> list[str]:
        items, _, _ = list_judgments(db, JudgmentFilters(q=q), "index_number", 1, 50)
        return [i.index_number for i in items]

    assert found("Maria Pena") == ["CV-2021-000001"]
    assert found("Tyrone Jackson") == ["CV-2021-000002"]
    assert found("obrien") == ["CV-2021-000001", "CV-2021-000003"]  # plaintiff and debtor
    assert found("Sean O'Brien") == ["CV-2021-000003"]
