"""Bad files: each gets a clear message and a correct count, and nothing is lost."""

from __future__ import annotations

import gzip
from pathlib import Path

import psycopg
import pytest
from ingest_support import recorded_batches, rejects, run_import, table_count, write

from dragonfly.core.config import Settings
from dragonfly.errors import InputError
from dragonfly.ingest import FileRefused, ImportRefused, import_file

FOIL_HEADER = "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"


def foil_row(n: int, amount: str = "1500.00", when: str = "03/15/2024") -> str:
    return f'{n}/24,Acme Funding LLC,Debtor {n},"{amount}",{when},Kings\n'


def test_empty_file_is_refused_and_writes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    with pytest.raises(FileRefused, match="empty"):
        import_file(db_url, write(tmp_path, "empty.csv", ""))
    assert recorded_batches(db) == [("empty.csv", "refused")]


def test_header_only_file_says_there_are_no_rows(tmp_path: Path, db_url: str) -> None:
    with pytest.raises(FileRefused, match="header row but no data rows"):
        import_file(db_url, write(tmp_path, "header.csv", FOIL_HEADER))


def test_binary_garbage_is_not_a_table(tmp_path: Path, db_url: str) -> None:
    noise = bytes(range(256)) * 40
    with pytest.raises(FileRefused, match="not a text table"):
        import_file(db_url, write(tmp_path, "photo.csv", noise))


def test_cp1252_text_is_decoded_without_mojibake(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = FOIL_HEADER + "1/24,Peña Holdings LLC,Jürgen Müller,1500,03/15/2024,Kings\n"
    result = run_import(db_url, write(tmp_path, "latin.csv", text.encode("cp1252")))
    assert result.inserted == 1
    assert db.execute("select name from plaintiffs").fetchone() == ("Peña Holdings LLC",)
    assert db.execute("select name from debtors").fetchone() == ("Jürgen Müller",)


def test_duplicate_header_names_are_refused_by_name(tmp_path: Path, db_url: str) -> None:
    text = "Index No,Plf. Name,Amt,Def. Name,Amt,Jdgmt Date,Venue\n1/24,A,1,B,2,03/15/2024,Kings\n"
    with pytest.raises(FileRefused, match=r"names 'Amt' twice \(columns 3 and 5\)"):
        import_file(db_url, write(tmp_path, "dup.csv", text))


def test_quoted_commas_and_newlines_keep_physical_line_numbers(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        FOIL_HEADER
        + '1/24,"Acme, Funding LLC","Debtor\nOne\nSuite 2",1500,03/15/2024,Kings\n'  # lines 2-4
        + foil_row(2, amount="abc")  # line 5
        + "\n"  # line 6: blank, not a row
        + foil_row(3, when="2024-13-45")  # line 7
        + foil_row(4)  # line 8
    )
    result = run_import(db_url, write(tmp_path, "quoted.csv", text), max_reject_rate=0.6)
    assert (result.rows_read, result.inserted, result.rejected) == (4, 2, 2)
    assert rejects(db, result.batch_id or 0) == [(5, "bad_amount"), (7, "bad_date")]
    assert db.execute("select name from debtors where name like 'Debtor%One%'").fetchone() == (
        "Debtor One Suite 2",
    )
    raw = db.execute("select raw from rejected_rows where line_number = 5").fetchone()
    assert raw is not None and raw[0]["Amt"] == "abc" and raw[0]["Venue"] == "Kings"


def test_blank_lines_are_skipped_and_a_row_with_its_first_cell_blank_is_kept(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        FOIL_HEADER
        + foil_row(1)  # line 2
        + " , ,  ,,,\n"  # line 3: only delimiters and spaces, not a row
        + ",Acme Funding LLC,Debtor 9,1500.00,03/15/2024,Kings\n"  # line 4: no index number
        + "\n"  # line 5: blank
        + foil_row(2)  # line 6
    )
    result = run_import(db_url, write(tmp_path, "blanks.csv", text), max_reject_rate=0.5)
    assert (result.rows_read, result.inserted, result.rejected) == (3, 2, 1)
    assert rejects(db, result.batch_id or 0) == [(4, "missing_required")]


def test_a_file_read_as_one_column_is_refused_with_its_missing_columns_named(
    tmp_path: Path, db_url: str
) -> None:
    """A semicolon-separated file reads as one column (only commas and tabs separate): the
    user is told which columns are missing, whatever its line endings and blank lines."""
    text = "Index Number;Court;Entry Date;Amount\r\nSC-1;Kings Civil;01/02/2020;100.00\r\n\r\n"
    with pytest.raises(InputError, match="No source matches this file's header row"):
        import_file(db_url, write(tmp_path, "semicolons.csv", text))


def test_crlf_and_bom_files_import(tmp_path: Path, db_url: str) -> None:
    text = FOIL_HEADER + foil_row(1) + foil_row(2)
    path = write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = run_import(db_url, path)
    assert (result.source, result.inserted) == ("foil", 2)


def test_fifty_kilobyte_field_is_rejected_and_kept_whole(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    huge = "X" * 50_000  # within the 64 KiB line limit, over the 1,000-character value limit
    text = FOIL_HEADER + f'1/24,Acme LLC,"{huge}",1500,03/15/2024,Kings\n' + foil_row(2) * 1
    text += "".join(foil_row(n) for n in range(3, 12))
    result = run_import(db_url, write(tmp_path, "big.csv", text))
    assert (result.rows_read, result.inserted, result.rejected) == (11, 10, 1)
    assert rejects(db, result.batch_id or 0) == [(2, "value_too_long")]
    raw = db.execute("select raw->>'Def. Name' from rejected_rows").fetchone()
    assert raw == (huge,)


def test_file_over_the_size_limit_is_refused(tmp_path: Path, db_url: str) -> None:
    path = write(tmp_path, "large.csv", FOIL_HEADER + foil_row(1) * 50)
    with pytest.raises(FileRefused, match="over the import limit of 1,000 bytes"):
        import_file(db_url, path, settings=Settings(dragonfly_import_max_bytes=1000))


def test_gzip_that_unpacks_over_the_limit_is_refused(tmp_path: Path, db_url: str) -> None:
    body = (FOIL_HEADER + foil_row(1) * 200).encode()
    path = write(tmp_path, "bomb.csv.gz", gzip.compress(body))
    with pytest.raises(FileRefused, match="unpacks to more than"):
        import_file(db_url, path, settings=Settings(dragonfly_import_max_bytes=2000))


def test_row_with_extra_fields_is_rejected_alone(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = FOIL_HEADER + foil_row(1) + "2/24,A LLC,B,1,03/15/2024,Kings,surprise\n" + foil_row(3)
    result = run_import(db_url, write(tmp_path, "ragged.csv", text), max_reject_rate=0.5)
    assert (result.rows_read, result.inserted, result.rejected) == (3, 2, 1)
    assert rejects(db, result.batch_id or 0) == [(3, "wrong_field_count")]


def test_value_problems_get_their_reason_codes(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        FOIL_HEADER
        + foil_row(1)  # 2 ok
        + "2/24,,B,1500,03/15/2024,Kings\n"  # 3 missing plaintiff
        + foil_row(3, amount="(1,000.00)")  # 4 negative
        + foil_row(4, amount="0")  # 5 zero
        + foil_row(5, amount="12.345")  # 6 three decimals
        + foil_row(6, when="12/31/2999")  # 7 future
        + foil_row(7, when="15/03/2024")  # 8 day-first is never guessed
        + "8/24,A LLC,B,1500,03/15/2024,Gotham\n"  # 9 unknown venue
        + foil_row(1)  # 10 same judgment as line 2
        + foil_row(9, amount="$12,500.00")  # 11 ok
    )
    result = run_import(db_url, write(tmp_path, "bad.csv", text), max_reject_rate=1.0)
    assert (result.rows_read, result.inserted, result.rejected) == (10, 2, 8)
    assert rejects(db, result.batch_id or 0) == [
        (3, "missing_required"), (4, "amount_out_of_range"), (5, "amount_out_of_range"),
        (6, "bad_amount"), (7, "future_date"), (8, "bad_date"), (9, "unknown_court"),
        (10, "duplicate_in_file"),
    ]  # fmt: skip


def test_too_many_rejects_refuses_the_file_and_writes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = FOIL_HEADER + foil_row(1) + foil_row(2, amount="x") + foil_row(3, amount="y")
    with pytest.raises(ImportRefused, match=r"2 of 3 rows would be rejected \(66.7%"):
        import_file(db_url, write(tmp_path, "worse.csv", text))
    for table in ("judgments", "plaintiffs", "debtors"):
        assert table_count(db, table) == 0
    refused = db.execute(
        "select id, status::text, rows_read, rejected from import_batches"
    ).fetchall()
    assert [r[1:] for r in refused] == [("refused", 3, 2)]
    # Only the refusal's own record: its rejected lines, to be read before anything is imported.
    assert rejects(db, refused[0][0]) == [(3, "bad_amount"), (4, "bad_amount")]


def test_crlf_inside_a_quoted_field_counts_as_one_line(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = FOIL_HEADER + '1/24,Acme LLC,"Ann\nLee",1500,03/15/2024,Kings\n' + foil_row(2, "x")
    path = write(tmp_path, "crlf.csv", text, crlf=True)
    result = run_import(db_url, path, max_reject_rate=0.5)
    assert rejects(db, result.batch_id or 0) == [(4, "bad_amount")]
    assert db.execute("select name from debtors").fetchone() == ("Ann Lee",)


def test_reject_rate_outside_zero_to_one_is_bad_input(tmp_path: Path, db_url: str) -> None:
    path = write(tmp_path, "ok.csv", FOIL_HEADER + foil_row(1))
    with pytest.raises(InputError, match="between 0 and 1"):
        import_file(db_url, path, max_reject_rate=10)
