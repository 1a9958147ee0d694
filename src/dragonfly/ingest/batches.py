"""Import batches and their rejected rows: recording, listing and exporting them."""

from __future__ import annotations

import csv
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

from dragonfly.domain.spreadsheet import FORMULA_STARTS, spreadsheet_safe
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
    accepted_reason: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ImportStatus(self.status))


_BATCH_COLUMNS = (
    "id, filename, sha256, source, status::text as status, rows_read, inserted, updated, "
    "unchanged, rejected, message, created_by, started_at, finished_at, accepted_reason"
)


def completed_batch_for(conn: psycopg.Connection, sha256: str) -> BatchSummary | None:
    """The completed batch that already imported a file with this SHA-256, if any."""
    with conn.cursor(row_factory=class_row(BatchSummary)) as cur:
        return cur.execute(
            f"select {_BATCH_COLUMNS} from import_batches where sha256 = %s and status = %s",
            (sha256, ImportStatus.COMPLETED),
        ).fetchone()


def start_batch(
    conn: psycopg.Connection,
    filename: str,
    sha256: str,
    source: str,
    actor: str,
    *,
    headers: list[str] | None = None,
    accepted_reason: str | None = None,
) -> int:
    row = conn.execute(
        "insert into import_batches (filename, sha256, source, created_by, headers,"
        " accepted_reason) values (%s, %s, %s, %s, %s, %s) returning id",
        (filename, sha256, source, actor, _headers_json(headers), accepted_reason),
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
    headers: list[str] | None = None,
) -> int:
    """Record an import that wrote nothing (refused or failed), so the history and the Overview
    show it with its reason."""
    row = conn.execute(
        "insert into import_batches (filename, sha256, source, created_by, status, rows_read,"
        " rejected, message, finished_at, headers)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, now(), %s) returning id",
        (
            filename,
            sha256,
            source,
            actor,
            status.value,
            rows_read,
            rejected,
            message,
            _headers_json(headers),
        ),
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


def record_regime_default(conn: psycopg.Connection, batch_id: int, regime: str | None) -> None:
    """Keep the import's default interest regime on its batch."""
    if regime is not None:
        conn.execute(
            "update import_batches set interest_regime_default = %s::interest_regime where id = %s",
            (regime, batch_id),
        )


def column_names(headers: list[str]) -> list[str]:
    """The file's header names as rejected rows keep them (a blank header is 'column N')."""
    return [h.strip() or f"column {i + 1}" for i, h in enumerate(headers)]


def _headers_json(headers: list[str] | None) -> str | None:
    return None if headers is None else json.dumps(column_names(headers), ensure_ascii=False)


def store_rejects(
    conn: psycopg.Connection,
    batch_id: int,
    rejects: pl.DataFrame,
    headers: list[str],
    field_columns: dict[str, str] | None = None,
) -> None:
    """One rejected_rows row per rejected line, with the raw values under the file's headers and
    the column its reason is about (`field_columns`: canonical field -> the file's header)."""
    if rejects.height == 0:
        return
    names = column_names(headers)
    columns = field_columns or {}
    raw_cols = [f"c{i}" for i in range(len(headers))]
    copy_sql = (
        "copy rejected_rows (batch_id, line_number, reason_code, detail, raw, field) from stdin"
    )
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for row in rejects.select("line_number", "reason_code", "detail", *raw_cols).iter_rows():
            raw = json.dumps(dict(zip(names, row[3:], strict=True)), ensure_ascii=False)
            field = reason_field(row[1], row[2] or "")
            column = columns.get(field, field) if field else None
            copy.write_row((batch_id, row[0], row[1], row[2] or "", raw, column))


# The canonical field each reason is about; reasons naming fields in their detail are read from it.
REASON_FIELDS = {
    "unsupported_state": "state",
    "bad_index_number": "index_number",
    "bad_date": "entry_date",
    "future_date": "entry_date",
    "unknown_county": "county",
    "unknown_court": "court",
    "ambiguous_court": "court",
    "no_such_court": "court",
    "court_county_mismatch": "court",
    "bad_interest_regime": "interest_regime",
    "unknown_party_role": "party_role",
    "duplicate_in_file": "index_number",
}
_FIELDS_IN_DETAIL = ("missing_required", "value_too_long")


def reason_field(reason_code: str, detail: str) -> str | None:
    """The canonical field a rejection is about, or None when it is about the whole row."""
    if reason_code in _FIELDS_IN_DETAIL:  # "empty: court, entry_date": the first one named
        named = detail.partition(":")[2].split(",")[0].strip()
        return named or None
    if reason_code in ("bad_amount", "amount_out_of_range"):  # "costs '12x' is not ..."
        return "costs" if detail.startswith("costs") else "principal"
    return REASON_FIELDS.get(reason_code)


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
    field: str | None = None

    @property
    def value(self) -> object:
        """What the file held in the column the reason is about."""
        return self.raw.get(self.field) if self.field else None


_REJECT_COLUMNS = "line_number, reason_code, detail, raw, field"


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


# Rejects downloads: the file's own columns, then these; a file fixed from one imports as it is,
# because no source maps these names (they are ignored like any unknown column).
REJECT_EXTRA_COLUMNS = ("line", "reason", "detail")


def rejects_header(conn: psycopg.Connection, batch_id: int) -> tuple[list[str], list[str]]:
    """(the file's own columns in file order, the three added columns) for a rejects download.

    Batches recorded before the header row was kept list the columns their rows hold. A file
    that is itself a rejects download (it has all three added columns) gets them afresh; an
    added column whose name the file uses for its own data is called `rejected_NAME` instead.
    """
    get_batch(conn, batch_id)
    row = conn.execute("select headers from import_batches where id = %s", (batch_id,)).fetchone()
    columns: list[str] = list(row[0]) if row and row[0] else []
    if not columns:
        keys = conn.execute(
            "select distinct jsonb_object_keys(raw) from rejected_rows where batch_id = %s",
            (batch_id,),
        ).fetchall()
        columns = sorted(str(k[0]) for k in keys)
    ours = set(REJECT_EXTRA_COLUMNS)
    if ours <= {c.casefold() for c in columns}:  # a rejects file imported again: fresh values
        columns = [c for c in columns if c.casefold() not in ours]
    taken = {c.casefold() for c in columns}
    extra = [f"rejected_{c}" if c in taken else c for c in REJECT_EXTRA_COLUMNS]
    return columns, extra


def stream_rejects(
    conn: psycopg.Connection, batch_id: int, columns: list[str]
) -> Iterator[list[Any]]:
    """Every rejected row as the file's `columns` then line, reason and detail, read from a
    server-side cursor."""
    get_batch(conn, batch_id)
    with conn.transaction(), conn.cursor(name="rejects_export") as cursor:
        cursor.execute(
            "select line_number, reason_code, detail, raw from rejected_rows"
            " where batch_id = %s order by line_number, id",
            (batch_id,),
        )
        for line, reason, detail, raw in cursor:
            yield [*(raw.get(c) for c in columns), line, reason, detail]


_GUARDED = "^'([" + "".join(FORMULA_STARTS).replace("-", "\\-") + "])"


def without_spreadsheet_guard(frame: pl.DataFrame) -> pl.DataFrame:
    """Undo `spreadsheet_safe` on a file read for import: '=x, '-5 and '@x read as =x, -5 and
    @x, so a rejects download imports with the values it showed, and its rejects export the same
    text again. No real value starts with an apostrophe before one of those characters."""
    text = [c for c, kind in frame.schema.items() if kind == pl.String]
    # Only the columns holding a cell that starts with an apostrophe (a cheap check) are rewritten.
    found = frame.select(pl.col(c).str.starts_with("'").any() for c in text).row(0) if text else ()
    guarded = [c for c, has in zip(text, found, strict=True) if has]
    return frame.with_columns(pl.col(c).str.replace(_GUARDED, "${1}") for c in guarded)


def write_rejects_csv(conn: psycopg.Connection, batch_id: int, path: Path) -> int:
    """Write the batch's rejects download to `path`; returns how many rows it holds."""
    columns, extra = rejects_header(conn, batch_id)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([spreadsheet_safe(c) for c in [*columns, *extra]])
        for values in stream_rejects(conn, batch_id, columns):
            writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else v for v in values])
            written += 1
    return written
