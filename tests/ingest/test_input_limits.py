"""Hostile shapes are refused while the file streams in, naming the limit and its setting."""

from __future__ import annotations

import gzip
import io
import random
import tracemalloc
import zipfile
from pathlib import Path

import psycopg
import pytest
from ingest_support import recorded_batches, rejects, run_import, table_count, write
from openpyxl import Workbook

from dragonfly.core.config import Settings
from dragonfly.ingest import FileRefused, import_file
from dragonfly.ingest.limits import InputLimits, TextScan

FOIL_HEADER = "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"
FOIL_COLUMNS = ["Index No", "Plf. Name", "Def. Name", "Amt", "Jdgmt Date", "Venue"]


def foil_row(n: int, amount: str = "1500.00") -> str:
    return f"{n}/24,Acme Funding LLC,Debtor {n},{amount},03/15/2024,Kings\n"


def foil_cells(n: int, amount: object = 1500) -> list[object]:
    return [f"{n}/24", "Acme Funding LLC", f"Debtor {n}", amount, "03/15/2024", "Kings"]


def test_a_header_row_of_too_many_columns_is_refused_by_name(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    header = ",".join(f"Extra {i}" for i in range(250))
    path = write(tmp_path, "wide.csv", f"{FOIL_HEADER.strip()},{header}\n{foil_row(1)}")
    expected = "header row has 256 columns, over the limit of 200"
    with pytest.raises(FileRefused, match=expected) as refused:
        import_file(db_url, path)
    assert "DRAGONFLY_IMPORT_MAX_COLUMNS" in refused.value.message
    assert recorded_batches(db) == [("wide.csv", "refused")]
    assert table_count(db, "judgments") == 0


def test_a_wide_header_row_is_refused_before_it_is_parsed(tmp_path: Path, db_url: str) -> None:
    # The red team's file: "x," 100,000 times. It used 1.9 GB; the header limit stops it at once.
    path = write(tmp_path, "xs.csv", "x," * 100_000 + "\n1\n")
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match="DRAGONFLY_IMPORT_MAX_HEADER_BYTES"):
            import_file(db_url, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_long_line_is_refused_naming_its_line_number(tmp_path: Path, db_url: str) -> None:
    text = FOIL_HEADER + foil_row(1) + foil_row(2, amount="9" * 2000) + foil_row(3)
    expected = "line 3 is longer than the limit of 1,000 bytes"
    with pytest.raises(FileRefused, match=expected) as refused:
        import_file(
            db_url,
            write(tmp_path, "long.csv", text),
            settings=Settings(dragonfly_import_max_line_bytes=1000),
        )
    assert "DRAGONFLY_IMPORT_MAX_LINE_BYTES" in refused.value.message


def test_a_single_line_without_end_is_refused_while_streaming(tmp_path: Path, db_url: str) -> None:
    # 8 MB with no line break: refused within the first chunk, never held whole.
    path = write(tmp_path, "one-line.csv", b"x" * 8_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match="header row is longer than the limit of 16,384"):
            import_file(db_url, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_too_many_cells_are_refused(tmp_path: Path, db_url: str) -> None:
    text = FOIL_HEADER + "".join(foil_row(n) for n in range(1, 6))
    with pytest.raises(FileRefused, match="more than the limit of 24 cells") as refused:
        import_file(
            db_url,
            write(tmp_path, "many.csv", text),
            settings=Settings(dragonfly_import_max_cells=24),
        )
    assert "DRAGONFLY_IMPORT_MAX_CELLS" in refused.value.message


def test_a_gzip_is_refused_while_it_unpacks(tmp_path: Path, db_url: str) -> None:
    body = (FOIL_HEADER + foil_row(1) * 400_000).encode()  # 22 MB in a small gzip
    path = write(tmp_path, "bomb.csv.gz", gzip.compress(body))
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match="unpacks to more than the limit of 2,000,000 bytes"):
            import_file(
                db_url, path, settings=Settings(dragonfly_import_max_unpacked_bytes=2_000_000)
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


def test_a_gzip_unpacking_far_beyond_real_tables_is_refused(tmp_path: Path, db_url: str) -> None:
    # Within the size and cell limits, but 40 MB from a few hundred KB: no vendor file does that.
    path = tmp_path / "ratio.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(FOIL_HEADER.encode())
        for _ in range(40):
            out.write(foil_row(1).encode() * 18_000)
    with pytest.raises(FileRefused, match="more than the limit of 100 times") as refused:
        import_file(db_url, path)
    assert "DRAGONFLY_IMPORT_MAX_UNPACK_RATIO" in refused.value.message


def test_utf16_text_with_a_byte_order_mark_imports(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = FOIL_HEADER + "1/24,Peña Holdings LLC,Jürgen Müller,1500,03/15/2024,Kings\n"
    for n, encoding in enumerate(("utf-16-le", "utf-16-be"), start=1):
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        data = bom + text.replace("1/24", f"{n}/24").replace("\n", "\r\n").encode(encoding)
        result = run_import(db_url, write(tmp_path, f"unicode{n}.csv", data))
        assert (result.source, result.inserted) == ("foil", 1)
    names = db.execute("select distinct name from debtors").fetchall()
    assert names == [("Jürgen Müller",)]


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def foil_book(*sheets: tuple[str, list[str], list[list[object]]]) -> Workbook:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    return book


def test_every_sheet_of_a_workbook_is_imported_and_counted(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    book = foil_book(
        ("March", FOIL_COLUMNS, [foil_cells(1), foil_cells(2)]),
        ("April", FOIL_COLUMNS, [foil_cells(3), foil_cells(4, amount="abc"), foil_cells(5)]),
    )
    book.create_sheet("Blank")
    path = save(book, tmp_path / "two-months.xlsx")
    result = run_import(db_url, path, max_reject_rate=0.5)
    assert (result.rows_read, result.inserted, result.rejected) == (5, 4, 1)
    assert "'March' lines 1-3; 'April' lines 4-7" in result.message
    assert rejects(db, result.batch_id or 0) == [(6, "bad_amount")]
    assert table_count(db, "judgments") == 4


def test_sheets_with_different_headers_refuse_the_workbook_by_name(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    book = foil_book(
        ("Judgments", FOIL_COLUMNS, [foil_cells(1)]),
        ("Notes", ["Note", "Who"], [["call back", "Ann"]]),
    )
    with pytest.raises(FileRefused, match="2 sheets \\('Judgments', 'Notes'\\)"):
        import_file(db_url, save(book, tmp_path / "mixed.xlsx"))
    assert recorded_batches(db) == [("mixed.xlsx", "refused")]
    assert table_count(db, "judgments") == 0


def rewrite_member(path: Path, member: str, change: dict[bytes, bytes]) -> Path:
    """The workbook with one member's XML edited, as another program might have written it."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                for old, new in change.items():
                    data = data.replace(old, new)
            target.writestr(info.filename, data)
    return path


def test_formula_cells_are_read_from_their_saved_values(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    book = foil_book(("Sheet1", FOIL_COLUMNS, [foil_cells(1, amount="=1000+500")]))
    path = save(book, tmp_path / "calculated.xlsx")
    # openpyxl writes the empty value as <v /> or <v></v>, by whether lxml is installed
    saved = {b"<v />": b"<v>1500</v>", b"<v></v>": b"<v>1500</v>"}
    rewrite_member(path, "xl/worksheets/sheet1.xml", saved)
    result = run_import(db_url, path)
    assert (result.inserted, result.rejected) == (1, 0)
    assert db.execute("select principal::text from judgments").fetchone() == ("1500.00",)


def test_a_formula_without_a_saved_value_is_named_not_called_empty(
    tmp_path: Path, db_url: str
) -> None:
    book = foil_book(("Sheet1", FOIL_COLUMNS, [foil_cells(1), foil_cells(2, amount="=1000+500")]))
    with pytest.raises(
        FileRefused, match=r"cell D3 on sheet 'Sheet1' holds the formula =1000\+500"
    ):
        import_file(db_url, save(book, tmp_path / "uncalculated.xlsx"))


def test_a_workbook_that_unpacks_too_far_is_refused_before_it_is_opened(
    tmp_path: Path, db_url: str
) -> None:
    book = foil_book(("Sheet1", FOIL_COLUMNS, [foil_cells(n) for n in range(1, 3000)]))
    path = save(book, tmp_path / "big.xlsx")
    assert path.stat().st_size < 200_000
    expected = "unpacks to more than the limit of 200,000 bytes"
    with pytest.raises(FileRefused, match=expected) as refused:
        import_file(db_url, path, settings=Settings(dragonfly_import_max_unpacked_bytes=200_000))
    assert "DRAGONFLY_IMPORT_MAX_UNPACKED_BYTES" in refused.value.message


def test_a_sheet_whose_dimension_is_too_big_is_refused_before_its_rows(
    tmp_path: Path, db_url: str
) -> None:
    book = foil_book(("Sheet1", FOIL_COLUMNS, [foil_cells(n) for n in range(1, 40)]))
    path = save(book, tmp_path / "declared.xlsx")
    rewrite_member(path, "xl/worksheets/sheet1.xml", {b'ref="A1:F40"': b'ref="A1:F900000"'})
    with pytest.raises(FileRefused, match="DRAGONFLY_IMPORT_MAX_CELLS"):
        import_file(db_url, path, settings=Settings(dragonfly_import_max_cells=100_000))


def test_cells_are_counted_over_every_sheet(tmp_path: Path, db_url: str) -> None:
    rows = [foil_cells(n) for n in range(1, 4)]
    book = foil_book(("A", FOIL_COLUMNS, rows), ("B", FOIL_COLUMNS, rows))
    with pytest.raises(FileRefused, match="more than the limit of 30 cells"):
        import_file(
            db_url,
            save(book, tmp_path / "cells.xlsx"),
            settings=Settings(dragonfly_import_max_cells=30),
        )


def test_a_long_line_is_found_wherever_the_chunks_split_it() -> None:
    limits = InputLimits.from_settings(Settings(dragonfly_import_max_line_bytes=50))
    chance = random.Random(14)
    for _ in range(500):
        lines = [b"h" * 10] + [b"x" * chance.randint(0, 56) for _ in range(chance.randint(0, 30))]
        data = b"\n".join(lines) + b"\n" * chance.randint(0, 1)
        longest = [n for n, line in enumerate(data.split(b"\n"), start=1) if len(line) > 50]
        scan, position = TextScan("f.csv", limits), 0
        try:
            while position < len(data):
                size = chance.randint(1, 200)
                scan.feed(data[position : position + size])
                position += size
            scan.finish()
        except FileRefused as refused:
            assert longest and f"line {longest[0]} is longer" in refused.message
        else:
            assert not longest and scan.breaks == data.count(b"\n")
