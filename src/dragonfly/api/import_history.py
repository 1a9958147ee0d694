"""Import batches and their rejected rows, as the import pipeline recorded them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg

from dragonfly.api.errors import NotFound

BATCH_COLUMNS = (
    "id, filename, source, status::text, rows_read, inserted, updated, unchanged, rejected,"
    " started_at, finished_at, message"
)
BATCH_KEYS = tuple(c.strip().removesuffix("::text") for c in BATCH_COLUMNS.split(","))


def list_batches(
    conn: psycopg.Connection, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    rows = conn.execute(
        f"select {BATCH_COLUMNS} from import_batches order by id desc limit %s offset %s",
        (page_size, (page - 1) * page_size),
    ).fetchall()
    total = conn.execute("select count(*) from import_batches").fetchone()
    return [dict(zip(BATCH_KEYS, r, strict=True)) for r in rows], int(total[0]) if total else 0


def get_batch(conn: psycopg.Connection, batch_id: int) -> dict[str, Any]:
    row = conn.execute(
        f"select {BATCH_COLUMNS} from import_batches where id = %s", (batch_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"No import batch with id {batch_id}.")
    return dict(zip(BATCH_KEYS, row, strict=True))


def list_rejects(
    conn: psycopg.Connection, batch_id: int, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    get_batch(conn, batch_id)
    rows = conn.execute(
        "select line_number, reason_code, detail, raw from rejected_rows where batch_id = %s"
        " order by line_number, id limit %s offset %s",
        (batch_id, page_size, (page - 1) * page_size),
    ).fetchall()
    total = conn.execute(
        "select count(*) from rejected_rows where batch_id = %s", (batch_id,)
    ).fetchone()
    keys = ("line_number", "reason_code", "detail", "raw")
    return [dict(zip(keys, r, strict=True)) for r in rows], int(total[0]) if total else 0


def all_rejects(conn: psycopg.Connection, batch_id: int) -> Iterator[tuple[Any, ...]]:
    get_batch(conn, batch_id)
    with conn.transaction(), conn.cursor(name="rejects_export") as cursor:
        cursor.execute(
            "select line_number, reason_code, detail, raw::text from rejected_rows"
            " where batch_id = %s order by line_number, id",
            (batch_id,),
        )
        yield from cursor
