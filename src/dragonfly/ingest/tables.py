"""Turning file content into a table of strings with each row's physical line number.

Columns are named by position (`c0`, `c1`, ...) so duplicate or blank headers cannot collide;
`headers` keeps the file's own names. `line_number` counts physical lines with the header as
line 1, so a quoted field holding two newlines moves every later row down by two.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import polars as pl

from dragonfly.ingest.files import FileContent, FileRefused, decode_text
from dragonfly.ingest.limits import InputLimits, check_columns, delimiter_of
from dragonfly.ingest.specs import header_key
from dragonfly.ingest.workbooks import one_header, read_workbook, sheets_note

csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class RawTable:
    headers: list[str]
    frame: pl.DataFrame  # c0..cN (str, null when empty), line_number (i64), extra_fields (bool)
    typed_dates: bool  # XLSX: date cells were read as ISO dates
    note: str = ""  # said in the import's summary (which lines came from which sheet)


def column_names(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


def read_table(content: FileContent, limits: InputLimits) -> RawTable:
    """The file as a RawTable; refuses empty files, header-only files and duplicate headers."""
    name = content.path.name
    table = _read_xlsx(content, limits) if content.is_xlsx else _read_text(content, name, limits)
    _check_headers(table.headers, name)
    if table.frame.height == 0:
        raise FileRefused(f"{name} has a header row but no data rows: nothing to import.")
    return table


def _check_headers(headers: list[str], name: str) -> None:
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        key = header_key(header)
        if not key:
            continue
        if key in seen:
            raise FileRefused(
                f"{name}: the header row names '{header.strip()}' twice (columns {seen[key]} and "
                f"{position}). Rename or remove one and import again."
            )
        seen[key] = position


def _read_text(content: FileContent, name: str, limits: InputLimits) -> RawTable:
    text = decode_text(content.data, name)
    if not text.strip():
        raise FileRefused(f"{name} is empty: no header row and no data.")
    end = text.find("\n")
    delimiter = delimiter_of(text[: end if end >= 0 else len(text)])
    header_record = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    check_columns(name, len(header_record), limits)  # a quoted header may span lines
    headers = [h.strip() for h in header_record]
    header_lines = 1 + sum(h.count("\n") for h in header_record)
    try:
        frame = _polars_rows(text, delimiter, len(headers))
    except pl.exceptions.PolarsError:
        # A row with more fields than the header: read row by row so it can be rejected alone.
        return RawTable(headers, _csv_module_rows(text, delimiter, len(headers)), False)
    return RawTable(headers, _with_line_numbers(frame, header_lines), False)


def _polars_rows(text: str, delimiter: str, width: int) -> pl.DataFrame:
    return pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        has_header=True,
        new_columns=column_names(width),
        separator=delimiter,
        infer_schema=False,
        quote_char='"',
        raise_if_empty=False,
    )


def _with_line_numbers(frame: pl.DataFrame, header_lines: int) -> pl.DataFrame:
    cols = frame.columns
    first_line = header_lines + 1
    if _has_line_breaks(frame, cols):  # a quoted cell spanning lines moves the rows after it
        newlines = pl.sum_horizontal(
            [pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in cols]
        )
        lines_used = (newlines + 1).cast(pl.Int64)
        start = lines_used.cum_sum().shift(1, fill_value=0) + first_line
    else:
        start = pl.int_range(first_line, first_line + pl.len(), dtype=pl.Int64)
    frame = frame.with_columns(line_number=start, extra_fields=pl.lit(False))
    return _drop_blank_rows(frame, cols)


def _has_line_breaks(frame: pl.DataFrame, cols: list[str]) -> bool:
    found = frame.select(pl.any_horizontal(pl.col(c).str.contains("\n", literal=True).any()
                                           for c in cols))  # fmt: skip
    return bool(found.item()) if cols else False


def _drop_blank_rows(frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    # A blank line (or one with only delimiters/spaces) is not a row. Only a row whose first
    # cell is blank can be (few are): the other cells are read for those rows alone.
    def blank(column: str) -> pl.Expr:
        return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")

    if not cols:
        return frame
    frame = frame.with_row_index("_row")
    candidates = frame.filter(blank(cols[0]))
    if len(cols) > 1:
        candidates = candidates.filter(pl.all_horizontal([blank(c) for c in cols[1:]]))
    blank_rows = candidates["_row"]
    return frame.filter(~pl.col("_row").is_in(blank_rows.implode())).drop("_row")


def _csv_module_rows(text: str, delimiter: str, width: int) -> pl.DataFrame:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    extra: list[bool] = []
    start = reader.line_num + 1
    for record in reader:
        lines.append(start)
        start = reader.line_num + 1
        extra.append(len(record) > width)
        for i in range(width):
            value = record[i] if i < len(record) else None
            columns[i].append(value if value else None)
    data: dict[str, list[str | None]] = {f"c{i}": col for i, col in enumerate(columns)}
    frame = pl.DataFrame(
        {**data, "line_number": lines, "extra_fields": extra},
        schema={
            **dict.fromkeys(data, pl.String),
            "line_number": pl.Int64,
            "extra_fields": pl.Boolean,
        },
    )
    return _drop_blank_rows(frame, column_names(width))


def _read_xlsx(content: FileContent, limits: InputLimits) -> RawTable:
    name = content.path.name
    sheets = read_workbook(content.data, name, limits)
    if not sheets:
        raise FileRefused(f"{name} is empty: none of its sheets has a header row.")
    headers = one_header(sheets, name)
    frame = pl.concat([sheet.frame for sheet in sheets])
    return RawTable(
        headers, _drop_blank_rows(frame, column_names(len(headers))), True, sheets_note(sheets)
    )
