"""A refused file's way forward: its rejected lines are readable before anything is written, the
good rows can be imported anyway with a stated reason, and a fixed rejects download imports."""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg
import pytest
from ingest_support import rejects, run_import, table_count, write
from pydantic import ValidationError

from app_role_login import as_app
from dragonfly.core.config import Settings
from dragonfly.errors import InputError
from dragonfly.ingest import ImportRefused, NotApplied, import_file, list_batches, list_rejects
from dragonfly.ingest.batches import write_rejects_csv
from refusal_files import HEADER, vendor_file


def judgments_written(db: psycopg.Connection) -> int:
    return table_count(db, "judgments")


def test_a_refused_file_keeps_each_rejected_line_with_column_and_value(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_file(as_app(db_url), vendor_file(tmp_path))
    message = refused.value.message
    assert "3 of 10 rows would be rejected (30.0%)" in message
    assert "the foil limit of 10.0% (set by DRAGONFLY_IMPORT_MAX_REJECT_RATE)" in message
    assert "have an ops or admin user import the good rows anyway" in message
    assert "--max-reject-rate" not in message
    for table in ("judgments", "plaintiffs", "debtors", "audit_events"):
        assert table_count(db, table) == 0, table
    batches, _ = list_batches(db)
    assert [(b.status, b.source, b.rows_read, b.rejected) for b in batches] == [
        ("refused", "foil", 10, 3)
    ]
    assert batches[0].message == message
    rows, total = list_rejects(db, batches[0].id)
    assert total == 3
    assert [(r.line_number, r.reason_code, r.field, r.value) for r in rows] == [
        (3, "bad_amount", "Amt", "abc"),
        (6, "bad_date", "Jdgmt Date", "13/45/2024"),
        (9, "unknown_court", "Venue", "Gotham"),
    ]


def test_the_reject_limit_is_a_setting_per_source(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = vendor_file(tmp_path)
    other_source = Settings(dragonfly_import_reject_limits={"court": 0.5})
    with pytest.raises(ImportRefused, match=r"foil limit of 10\.0%"):
        import_file(as_app(db_url), path, settings=other_source)
    stricter = Settings(dragonfly_import_max_reject_rate=0.25)
    with pytest.raises(ImportRefused, match=r"foil limit of 25\.0%"):
        import_file(as_app(db_url), path, settings=stricter)
    assert judgments_written(db) == 0
    own = Settings(dragonfly_import_reject_limits={"foil": 0.3})
    result = run_import(db_url, path, settings=own)
    assert (result.inserted, result.rejected) == (7, 3)
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        Settings(dragonfly_import_reject_limits={"foil": 1.5})


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_importing_anyway_without_a_reason_writes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection, reason: str
) -> None:
    with pytest.raises(InputError) as error:
        import_file(as_app(db_url), vendor_file(tmp_path), accept_rejects=reason)
    assert error.value.details["errors"] == [
        {"field": "reason", "message": "A reason is required."}
    ]
    assert "Say why the good rows should be imported" in error.value.message
    for table in ("import_batches", "judgments", "audit_events"):
        assert table_count(db, table) == 0, table


def test_importing_the_good_rows_anyway_keeps_the_reason_and_the_refusal(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = vendor_file(tmp_path)
    with pytest.raises(ImportRefused):
        import_file(as_app(db_url), path)
    why = "Vendor resends lines 3, 6 and 9 on Friday"
    result = run_import(db_url, path, accept_rejects=why, actor="ops@firm.test")
    assert (result.rows_read, result.inserted, result.rejected) == (10, 7, 3)
    assert why in result.message and "over the foil limit of 10.0%" in result.message
    assert judgments_written(db) == 7
    batches, _ = list_batches(db)
    assert [(b.status, b.accepted_reason) for b in batches] == [
        ("completed", why), ("refused", None),
    ]  # fmt: skip
    assert rejects(db, result.batch_id or 0) == [
        (3, "bad_amount"), (6, "bad_date"), (9, "unknown_court"),
    ]  # fmt: skip
    audit = db.execute(
        "select actor, entity_id, after->>'reason', (before->>'limit')::float from audit_events"
        " where action = 'import.accept_rejects'"
    ).fetchall()
    assert audit == [("ops@firm.test", str(result.batch_id), why, 0.10)]


def test_a_reason_given_for_a_file_within_its_limit_is_not_recorded(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    result = run_import(
        db_url, vendor_file(tmp_path), accept_rejects="just in case", max_reject_rate=0.5
    )
    assert result.inserted == 7
    assert list_batches(db)[0][0].accepted_reason is None
    accepted = "select count(*) from audit_events where action = 'import.accept_rejects'"
    assert db.execute(accepted).fetchone() == (0,)


def export_rejects(db_url: str, batch_id: int, path: Path) -> list[dict[str, str]]:
    with psycopg.connect(db_url) as conn:
        write_rejects_csv(conn, batch_id, path)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_fixed_rejects_file_imports_as_it_is_and_twice_is_harmless(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    first = run_import(db_url, vendor_file(tmp_path), accept_rejects="resent later")
    rows = export_rejects(db_url, first.batch_id or 0, tmp_path / "rejects.csv")
    # The file's own columns, in its order, with its own values; then line, reason and detail.
    assert list(rows[0]) == [*HEADER.strip().split(","), "line", "reason", "detail"]
    assert [(r["line"], r["reason"], r["Index No"], r["Our Notes"]) for r in rows] == [
        ("3", "bad_amount", "3/24", "note 3"),
        ("6", "bad_date", "6/24", "note 6"),
        ("9", "unknown_court", "9/24", "note 9"),
    ]
    assert "'abc' is not an amount" in rows[0]["detail"]

    rows[0]["Amt"], rows[1]["Jdgmt Date"], rows[2]["Venue"] = "2,500.00", "03/16/2024", "Kings"
    fixed = run_import(db_url, write_rows(tmp_path / "fixed.csv", rows))
    assert (fixed.source, fixed.rows_read, fixed.inserted, fixed.rejected) == ("foil", 3, 3, 0)
    assert judgments_written(db) == 10

    again = run_import(db_url, tmp_path / "fixed.csv")
    assert again.status is NotApplied.DUPLICATE and "nothing changed" in again.message
    # The same rows saved again (another order, other line numbers): read, all unchanged.
    resaved = [{**r, "line": str(n)} for n, r in enumerate(reversed(rows), start=2)]
    third = run_import(db_url, write_rows(tmp_path / "fixed-again.csv", resaved))
    assert (third.rows_read, third.inserted, third.updated, third.unchanged) == (3, 0, 0, 3)
    assert judgments_written(db) == 10
    amount = db.execute("select principal from judgments where index_number = '3/24'").fetchone()
    assert amount is not None and str(amount[0]) == "2500.00"


def test_an_unfixed_rejects_file_is_refused_each_time_and_writes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    first = run_import(db_url, vendor_file(tmp_path), accept_rejects="resent later")
    export_rejects(db_url, first.batch_id or 0, tmp_path / "rejects.csv")
    for _ in range(2):
        with pytest.raises(ImportRefused, match="3 of 3 rows would be rejected"):
            import_file(as_app(db_url), tmp_path / "rejects.csv")
    assert judgments_written(db) == 7
    refused = [b for b in list_batches(db)[0] if b.status == "refused"]
    assert len(refused) == 2
    # Its rejects download is again the file's own columns plus fresh line, reason and detail.
    again = export_rejects(db_url, refused[0].id, tmp_path / "rejects-again.csv")
    assert list(again[0]) == [*HEADER.strip().split(","), "line", "reason", "detail"]
    assert [r["line"] for r in again] == ["2", "3", "4"]


def test_formula_guarded_values_read_back_as_the_file_had_them(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = HEADER + '"2/24","Acme Funding LLC","=HYPERLINK(1)","-5","03/15/2024","Kings",""\n'
    first = run_import(db_url, write(tmp_path, "f.csv", text), max_reject_rate=1)
    rows = export_rejects(db_url, first.batch_id or 0, tmp_path / "rejects.csv")
    assert (rows[0]["Def. Name"], rows[0]["Amt"]) == ("'=HYPERLINK(1)", "'-5")
    rows[0]["Amt"] = "500"
    fixed = run_import(db_url, write_rows(tmp_path / "fixed.csv", rows))
    assert fixed.inserted == 1
    name = db.execute("select name from debtors").fetchone()
    assert name == ("=HYPERLINK(1)",)
