"""All or nothing, nothing doubled: re-imports, overlapping files, failures, dry runs."""

from __future__ import annotations

import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from ingest_support import batch_row, recorded_batches, run_import, table_count, write
from openpyxl import Workbook

from dragonfly.errors import DatabaseError
from dragonfly.ingest import import_file

HEADER = "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry,Court\n"
ROWS = [
    "CV-2021-000001,Acme Funding LLC,Ann Lee,1000.00,01/05/2021,Kings County Civil Court\n",
    "CV-2021-000002,Acme Funding LLC,Bob Roe,2000.00,02/05/2021,Kings County Civil Court\n",
    "CV-2021-000003,Beta Capital Inc,Cy Poe,3000.00,03/05/2021,Queens Supreme Court\n",
]


def test_reimporting_the_same_file_is_a_no_op_naming_the_batch(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "court.csv", HEADER + "".join(ROWS))
    first = run_import(db_url, path)
    again = run_import(db_url, path)
    assert (again.status, again.duplicate_of, again.rows_read) == ("duplicate", first.batch_id, 0)
    assert f"already imported as batch {first.batch_id}" in again.message
    assert table_count(db, "import_batches") == 1
    assert table_count(db, "judgments") == 3


def test_overlapping_file_updates_without_duplicates_and_audits(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    first = run_import(db_url, write(tmp_path, "a.csv", HEADER + "".join(ROWS[:2])))
    changed = ROWS[1].replace("2000.00", '"2,250.00"').replace("Bob Roe", "Robert Roe")
    # Same judgment written with a different index-number style: still one judgment.
    respaced = ROWS[0].replace("CV-2021-000001", "cv 2021 000001")
    second = run_import(db_url, write(tmp_path, "b.csv", HEADER + respaced + changed + ROWS[2]))
    assert (second.rows_read, second.inserted, second.updated, second.unchanged) == (3, 1, 1, 1)
    assert table_count(db, "judgments") == 3
    assert table_count(db, "plaintiffs") == 2
    row = db.execute(
        "select j.principal, d.name, j.import_batch_id from judgments j"
        " join debtors d on d.id = j.debtor_id where j.index_number_norm = 'CV-2021-000002'"
    ).fetchone()
    assert row == (Decimal("2250.00"), "Robert Roe", second.batch_id)
    audit = db.execute(
        "select actor, action, entity, before, after from audit_events where entity = 'judgment'"
    ).fetchall()
    assert len(audit) == 1
    actor, action, _entity, before, after = audit[0]
    assert (actor, action) == ("cli", "import.update")
    assert before == {"principal": 2000.00, "debtor": "BOB ROE", "batch_id": first.batch_id}
    assert after == {"principal": 2250.00, "debtor": "ROBERT ROE", "batch_id": second.batch_id}
    assert batch_row(db, second.batch_id or 0)["updated"] == 1


def test_blank_cells_in_a_later_file_do_not_erase_known_values(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "a.csv", HEADER + ROWS[0]))
    blank_debtor = ROWS[0].replace("Ann Lee", "")
    result = run_import(db_url, write(tmp_path, "b.csv", HEADER + blank_debtor))
    assert (result.unchanged, result.updated) == (1, 0)
    assert db.execute("select name from debtors").fetchone() == ("Ann Lee",)


def test_failure_mid_apply_writes_nothing_but_a_failed_batch(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    # A real database error after staging: a trigger refuses the third judgment.
    db.execute(
        "create function refuse_poe() returns trigger language plpgsql as $$ begin"
        " if new.index_number_norm = 'CV-2021-000003' then raise exception 'disk on fire'; end if;"
        " return new; end $$;"
        "create trigger refuse_poe before insert on judgments"
        " for each row execute function refuse_poe()"
    )
    with pytest.raises(DatabaseError, match="nothing was imported: disk on fire"):
        import_file(db_url, write(tmp_path, "c.csv", HEADER + "".join(ROWS)))
    for table in ("judgments", "plaintiffs", "debtors", "rejected_rows"):
        assert table_count(db, table) == 0, table
    assert recorded_batches(db) == [("c.csv", "failed")]


def test_dry_run_counts_but_writes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "a.csv", HEADER + ROWS[0]))
    path = write(tmp_path, "b.csv", HEADER + "".join(ROWS) + ROWS[0].replace("1000.00", "x"))
    result = run_import(db_url, path, dry_run=True, max_reject_rate=0.5)
    assert (result.status, result.batch_id) == ("dry_run", None)
    assert (result.inserted, result.unchanged, result.rejected) == (2, 1, 1)
    assert table_count(db, "import_batches") == 1
    assert table_count(db, "judgments") == 1
    assert table_count(db, "rejected_rows") == 0


def test_xlsx_with_typed_dates_and_numbers_imports(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Index No", "Plf. Name", "Def. Name", "Amt", "Jdgmt Date", "Venue"])
    sheet.append([943786, "Acme LLC", "Ann Lee", 12500.5, date(2023, 4, 1), "Manhattan"])
    sheet.append(["A571470-2024", "Acme LLC", "Bo Diaz", "$1,000.00", "04/02/2024", "Queens"])
    path = tmp_path / "foil.xlsx"
    book.save(path)
    result = run_import(db_url, path)
    assert (result.source, result.inserted) == ("foil", 2)
    rows = db.execute(
        "select index_number_norm, principal, entry_date, county_code from judgments order by 1"
    ).fetchall()
    assert rows == [
        ("943786", Decimal("12500.50"), date(2023, 4, 1), "NEW_YORK"),
        ("A571470-2024", Decimal("1000.00"), date(2024, 4, 2), "QUEENS"),
    ]


def test_gzip_tsv_imports(tmp_path: Path, db_url: str, db: psycopg.Connection) -> None:
    tsv = (HEADER + "".join(ROWS)).replace(",", "\t")
    path = write(tmp_path, "court.tsv.gz", gzip.compress(tsv.encode()))
    result = run_import(db_url, path)
    assert (result.source, result.inserted) == ("court", 3)
    assert table_count(db, "judgments") == 3


def test_touched_judgments_are_scored_in_the_same_run(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "a.csv", HEADER + "".join(ROWS)))
    scored = db.execute(
        "select count(*) from valued_judgments where score is not null and tier is not null"
        " and balance is not null"
    ).fetchone()
    assert scored == (3,)


def test_progress_reports_reach_the_row_count(tmp_path: Path, db_url: str) -> None:
    calls: list[tuple[int, int | None]] = []
    path = write(tmp_path, "p.csv", HEADER + "".join(ROWS))
    run_import(db_url, path, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)


def test_unmigrated_database_says_to_migrate(tmp_path: Path, empty_db_url: str) -> None:
    path = write(tmp_path, "a.csv", HEADER + ROWS[0])
    with pytest.raises(DatabaseError, match="Run `dragonfly migrate apply` first"):
        import_file(empty_db_url, path)


def test_a_later_file_adds_a_debtor_the_first_lacked(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "a.csv", HEADER + ROWS[0].replace("Ann Lee", "")))
    assert db.execute("select debtor_id from judgments").fetchone() == (None,)
    result = run_import(db_url, write(tmp_path, "b.csv", HEADER + ROWS[0]))
    assert result.updated == 1
    row = db.execute("select d.name from judgments j join debtors d on d.id = j.debtor_id")
    assert row.fetchone() == ("Ann Lee",)


def test_a_nameless_debtor_keeps_its_address_and_its_locatability(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        "index_number,court,entry_date,principal,plaintiff_name,debtor_name,debtor_address,"
        "debtor_city,debtor_state,debtor_zip\n"
        "CV-2024-7,Civil Court Kings County,2024-06-15,5000.00,Acme Funding,,"
        "123 Main St,Brooklyn,NY,11201\n"
    )
    run_import(db_url, write(tmp_path, "nameless.csv", text), source="canonical")
    row = db.execute(
        "select d.name, d.street, d.zip, d.kind::text, v.score_components->>'locatability'"
        " from judgments j join debtors d on d.id = j.debtor_id"
        " join judgment_values v on v.judgment_id = j.id"
    ).fetchone()
    assert row == (None, "123 Main St", "11201", "unknown", "15")
