"""Import batches and their rejected rows: recording, listing and exporting them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import psycopg
from psycopg.rows import class_row

from dragonfly.domain.vocabulary import ImportStatus
from dragonfly.errors import DatabaseError, NotFound, first_line


@contextmanager
def database_errors(action: str) -> Iterator[None]:
    """Driver errors become one DatabaseError naming what failed (nothing was written)."""
    try:
        yield
    except psycopg.Error as exc:
        said = first_line(exc)
        hint = " Run `dragonfly migrate apply` first." if "does not exist" in said else ""
        raise DatabaseError(f"{action} failed in the database: {said}.{hint}") from exc


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BatchNotFound(NotFound):
    exit_code = 2  # the CLI has always answered 2 for a batch id it cannot find


@dataclass(frozen=True)
class BatchSummary:
    id: int
    filename: str
    sha256: str
    source: str | None
    status: ImportStatus
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    message: str | None
    created_by: str | None
    started_at: datetime
    finished_at: datetime | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ImportStatus(self.status))


_BATCH_COLUMNS = (
    "id, filename, sha256, source, status::text as status, rows_read, inserted, updated, "
    "unchanged, rejected, message, created_by, started_at, finished_at"
)


def completed_batch_for(conn: psycopg.Connection, sha256: str) -> BatchSummary | None:
    """The completed batch that already imported a file with this SHA-256, if any."""
    with conn.cursor(row_factory=class_row(BatchSummary)) as cur:
        return cur.execute(
            f"select {_BATCH_COLUMNS} from import_batches where sha256 = %s and status = %s",
            (sha256, ImportStatus.COMPLETED),
        ).fetchone()


def start_batch(
    conn: psycopg.Connection, filename: str, sha256: str, source: str, actor: str
) -> int:
    row = conn.execute(
        "insert into import_batches (filename, sha256, source, created_by) values (%s, %s, %s, %s)"
        " returning id",
        (filename, sha256, source, actor),
    ).fetchone()
    assert row is not None
    return int(row[0])


def record_unfinished(
    conn: psycopg.Connection,
    *,
    filename: str,
    sha256: str,
    source: str | None,
    actor: str,
    status: ImportStatus,
    message: str,
    rows_read: int = 0,
    rejected: int = 0,
) -> int:
    """Record an import that wrote nothing (refused or failed), so the history and the Overview
    show it with its reason."""
    row = conn.execute(
        "insert into import_batches (filename, sha256, source, created_by, status, rows_read,"
        " rejected, message, finished_at) values (%s, %s, %s, %s, %s, %s, %s, %s, now())"
        " returning id",
        (filename, sha256, source, actor, status.value, rows_read, rejected, message),
    ).fetchone()
    assert row is not None
    return int(row[0])


def finish_batch(
    conn: psycopg.Connection, batch_id: int, counts: dict[str, int], message: str
) -> None:
    conn.execute(
        "update import_batches set status = %(status)s, rows_read = %(rows_read)s,"
        " inserted = %(inserted)s, updated = %(updated)s, unchanged = %(unchanged)s,"
        " rejected = %(rejected)s, message = %(message)s, finished_at = now() where id = %(id)s",
        {**counts, "status": ImportStatus.COMPLETED, "message": message, "id": batch_id},
    )


def store_rejects(
    conn: psycopg.Connection, batch_id: int, rejects: pl.DataFrame, headers: list[str]
) -> None:
    """One rejected_rows row per rejected line, with the raw values under the file's headers."""
    if rejects.height == 0:
        return
    names = [h.strip() or f"column {i + 1}" for i, h in enumerate(headers)]
    raw_cols = [f"c{i}" for i in range(len(headers))]
    copy_sql = "copy rejected_rows (batch_id, line_number, reason_code, detail, raw) from stdin"
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for row in rejects.select("line_number", "reason_code", "detail", *raw_cols).iter_rows():
            raw = json.dumps(dict(zip(names, row[3:], strict=True)), ensure_ascii=False)
            copy.write_row((batch_id, row[0], row[1], row[2] or "", raw))


def list_batches(
    conn: psycopg.Connection, page: int = 1, page_size: int = 50
) -> tuple[list[BatchSummary], int]:
    """One page of batches, newest first, and how many there are in all."""
    with conn.cursor(row_factory=class_row(BatchSummary)) as cur:
        found = cur.execute(
            f"select {_BATCH_COLUMNS} from import_batches order by id desc limit %s offset %s",
            (page_size, (page - 1) * page_size),
        ).fetchall()
    return found, _count(conn, "select count(*) from import_batches", ())


def get_batch(conn: psycopg.Connection, batch_id: int) -> BatchSummary:
    with conn.cursor(row_factory=class_row(BatchSummary)) as cur:
        found = cur.execute(
            f"select {_BATCH_COLUMNS} from import_batches where id = %s", (batch_id,)
        ).fetchone()
    if found is None:
        raise BatchNotFound(f"There is no import batch {batch_id}.")
    return found


def _count(conn: psycopg.Connection, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query, params).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class RejectedRow:
    line_number: int
    reason_code: str
    detail: str
    raw: dict[str, object]


_REJECT_COLUMNS = "line_number, reason_code, detail, raw"


def list_rejects(
    conn: psycopg.Connection, batch_id: int, page: int = 1, page_size: int | None = None
) -> tuple[list[RejectedRow], int]:
    """A page of the batch's rejected rows in file order (all when `page_size` is None)."""
    get_batch(conn, batch_id)
    with conn.cursor(row_factory=class_row(RejectedRow)) as cur:
        found = cur.execute(
            f"select {_REJECT_COLUMNS} from rejected_rows where batch_id = %s"
            " order by line_number, id limit %s offset %s",
            (batch_id, page_size, (page - 1) * (page_size or 0)),
        ).fetchall()
    total = _count(conn, "select count(*) from rejected_rows where batch_id = %s", (batch_id,))
    return found, total


def stream_rejects(conn: psycopg.Connection, batch_id: int) -> Iterator[tuple[Any, ...]]:
    """Every rejected row as (line, reason, detail, raw JSON text), from a server-side cursor."""
    get_batch(conn, batch_id)
    with conn.transaction(), conn.cursor(name="rejects_export") as cursor:
        cursor.execute(
            "select line_number, reason_code, detail, raw::text from rejected_rows"
            " where batch_id = %s order by line_number, id",
            (batch_id,),
        )
        yield from cursor


def spreadsheet_safe(value: object) -> str:
    """Cell text a spreadsheet shows as text: a leading ' defuses =, +, -, @, tab and CR."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rejects_csv(rows: list[RejectedRow]) -> str:
    """CSV of rejected rows: line, reason, detail, then the file's own columns."""
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row.raw if k not in columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [spreadsheet_safe(c) for c in ["line_number", "reason_code", "detail", *columns]]
    )
    for row in rows:
        values = [row.line_number, row.reason_code, row.detail, *(row.raw.get(c) for c in columns)]
        writer.writerow([spreadsheet_safe(v) for v in values])
    return out.getvalue()


def write_rejects_csv(rows: list[RejectedRow], path: Path) -> None:
    path.write_text(rejects_csv(rows), encoding="utf-8")
