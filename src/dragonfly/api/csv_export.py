"""Streamed CSV downloads that a spreadsheet opens safely and that cannot hold the server.

Exports read on connections of their own (a small pool apart from the API's), at most a few per
user at a time; a download that stops (finished, aborted or failed) gives its connection back at
once, and a database failure mid-stream breaks the response instead of ending a short CSV cleanly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any

import psycopg
from fastapi import Request

from dragonfly.api.file_download import FileDownloadResponse, file_download
from dragonfly.domain.spreadsheet import spreadsheet_safe

CHUNK_BYTES = 64_000
Rows = Callable[[psycopg.Connection], Iterable[Sequence[Any]]]


def _cell(value: Any) -> Any:
    # Text could be read as a formula; numbers and dates are written as they are.
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_chunks(
    conn: psycopg.Connection, header: Sequence[str], rows: Rows
) -> Generator[str, None, None]:
    """CSV text in chunks of about 64 KB, reading `rows` on `conn`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows(conn):
        writer.writerow([_cell(value) for value in row])
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_export(
    request: Request, user: str, header: Sequence[str], rows: Rows, filename: str
) -> FileDownloadResponse:
    """A streamed CSV download of `rows`, or 429 when the user or the export pool is busy."""
    return file_download(
        request,
        user,
        lambda conn: csv_chunks(conn, header, rows),
        filename=filename,
        media_type="text/csv",
    )
