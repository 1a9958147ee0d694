"""Streamed CSV downloads that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import psycopg
from fastapi import Request

from dragonfly.ingest.batches import spreadsheet_safe

CHUNK_BYTES = 64_000


def _cell(value: Any) -> Any:
    # Text could be read as a formula; numbers and dates are written as they are.
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_chunks(
    request: Request,
    header: Sequence[str],
    rows: Callable[[psycopg.Connection], Iterable[Sequence[Any]]],
) -> Iterator[str]:
    """CSV text in chunks of about 64 KB, reading `rows` on a pooled connection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    with request.app.state.pool.connection() as conn:
        for row in rows(conn):
            writer.writerow([_cell(value) for value in row])
            if buffer.tell() > CHUNK_BYTES:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
