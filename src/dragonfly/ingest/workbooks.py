"""Reading an XLSX workbook: its insides size-checked first, every sheet read, formulas named.

An XLSX is a zip of XML: a 3 MB file can hold 600 MB of sheet. The members' declared and actual
unpacked sizes are checked (streaming, nothing kept) before openpyxl opens it, each sheet's
declared dimension before its rows are read, and the cells while they are read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl

from dragonfly.ingest.limits import (
    FileRefused,
    InputLimits,
    check_cells,
    check_columns,
    check_unpacked,
)
from dragonfly.ingest.specs import header_key

ROWS_PER_PIECE = 50_000  # rows held as Python objects before they become a compact frame
FORMULA_TAGS = (b"<f>", b"<f ", b"<f/>")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    frame: pl.DataFrame  # c0..cN, line_number, extra_fields


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    text = str(value)
    return text if text.strip() else None


def check_zip_members(data: bytes, name: str, limits: InputLimits) -> bool:
    """Refuse a workbook that unpacks past the limit; True when some sheet holds formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            check_unpacked(name, sum(m.file_size for m in members), len(data), limits)
            unpacked, formulas = 0, False
            for member in members:
                for size, chunk in _member_chunks(archive, member):
                    unpacked += size
                    check_unpacked(name, unpacked, len(data), limits)
                    if member.filename.startswith("xl/worksheets/"):
                        formulas = formulas or any(tag in chunk for tag in FORMULA_TAGS)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise FileRefused(f"{name} is not a readable XLSX workbook: {exc}.") from exc
    return formulas


def _member_chunks(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo
) -> Iterator[tuple[int, bytes]]:
    """(unpacked size, text) per chunk; texts overlap so a tag split between chunks is seen."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            yield len(chunk), tail + chunk
            tail = chunk[-4:]


def read_workbook(data: bytes, name: str, limits: InputLimits) -> list[Sheet]:
    """Every sheet that has a header row, in workbook order."""
    from openpyxl import load_workbook

    has_formulas = check_zip_members(data, name, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = (
            load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if has_formulas
            else None
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused(f"{name} is not a readable XLSX workbook: {exc}.") from exc
    try:
        return _read_sheets(book, formulas, name, limits)
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _read_sheets(book: Any, formulas: Any, name: str, limits: InputLimits) -> list[Sheet]:
    sheets: list[Sheet] = []
    cells, offset = 0, 0
    for index, sheet in enumerate(book.worksheets):
        _check_dimension(sheet, name, limits)
        shadow = formulas.worksheets[index] if formulas is not None else None
        rows = _rows_with_formulas(sheet, shadow, name)
        header_row = next(rows, None)
        if header_row is None or all(v is None for v in header_row):
            continue
        headers = _trimmed_headers(header_row)
        check_columns(name, len(headers), limits)
        pieces: list[pl.DataFrame] = []
        while True:
            piece = _next_piece(rows, len(headers), offset + 2 + sum(p.height for p in pieces))
            if piece is None:
                break
            cells += piece.height * len(headers)
            check_cells(name, cells, limits)
            pieces.append(piece)
        frame = pl.concat(pieces) if pieces else _empty_frame(len(headers))
        sheets.append(Sheet(sheet.title, headers, frame))
        offset += 1 + frame.height
    return sheets


def _check_dimension(sheet: Any, name: str, limits: InputLimits) -> None:
    # The sheet's own <dimension> (when present) tells its size before any row is read.
    rows, columns = sheet.max_row, sheet.max_column
    if isinstance(columns, int):
        check_columns(name, columns, limits)
        if isinstance(rows, int):
            check_cells(name, max(rows - 1, 0) * columns, limits)


def _trimmed_headers(row: tuple[object, ...]) -> list[str]:
    headers = [_cell_text(v) or "" for v in row]
    while headers and not headers[-1]:
        headers.pop()
    return headers


class FormulaWithoutValue(FileRefused):
    """A formula cell saved without its computed value (the file was never opened in Excel)."""


def _rows_with_formulas(sheet: Any, shadow: Any, name: str) -> Iterator[tuple[object, ...]]:
    """The sheet's values; a formula cell with no saved value is refused, naming the cell."""
    values = sheet.iter_rows(values_only=True)
    if shadow is None:
        yield from values
        return
    for line, (row, written) in enumerate(
        zip(values, shadow.iter_rows(values_only=True), strict=False), start=1
    ):
        for column, (value, formula) in enumerate(zip(row, written, strict=False)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                cell = f"{_column_letter(column)}{line}"
                raise FormulaWithoutValue(
                    f"{name}: cell {cell} on sheet '{sheet.title}' holds the formula {formula} "
                    "but no saved value (the file was written by a program that does not "
                    "calculate). Open it in Excel or LibreOffice, save it, and import it again."
                )
        yield row


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _next_piece(
    rows: Iterator[tuple[object, ...]], width: int, first_line: int
) -> pl.DataFrame | None:
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    for line, row in enumerate(rows, start=first_line):
        lines.append(line)
        for i in range(width):
            columns[i].append(_cell_text(row[i]) if i < len(row) else None)
        if len(lines) == ROWS_PER_PIECE:
            break
    if not lines:
        return None
    return _frame(columns, lines)


def _frame(columns: list[list[str | None]], lines: list[int]) -> pl.DataFrame:
    data: dict[str, list[str | None]] = {f"c{i}": col for i, col in enumerate(columns)}
    return pl.DataFrame(
        {**data, "line_number": lines, "extra_fields": [False] * len(lines)},
        schema={
            **dict.fromkeys(data, pl.String),
            "line_number": pl.Int64,
            "extra_fields": pl.Boolean,
        },
    )


def _empty_frame(width: int) -> pl.DataFrame:
    return _frame([[] for _ in range(width)], [])


def one_header(sheets: list[Sheet], name: str) -> list[str]:
    """The header row every sheet shares; sheets with different headers refuse the workbook."""
    first = [header_key(h) for h in sheets[0].headers]
    different = [s.title for s in sheets[1:] if [header_key(h) for h in s.headers] != first]
    if different:
        titles = ", ".join(f"'{s.title}'" for s in sheets)
        raise FileRefused(
            f"{name} has data on {len(sheets)} sheets ({titles}) whose header rows differ "
            f"(first differing: '{different[0]}'). A workbook is imported only when every sheet "
            "has the same header row: save each sheet as its own file, or delete the sheets "
            "you do not mean to import, and import again."
        )
    return sheets[0].headers


def sheets_note(sheets: list[Sheet]) -> str:
    """Which lines came from which sheet, when there is more than one."""
    if len(sheets) < 2:
        return ""
    spans, start = [], 1
    for sheet in sheets:
        end = start + sheet.frame.height
        spans.append(f"'{sheet.title}' lines {start:,}-{end:,}")
        start = end + 1
    return (
        f" Read {len(sheets)} sheets, numbered as if stacked one after another, "
        f"each with its header row: {'; '.join(spans)}."
    )
