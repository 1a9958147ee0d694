"""Streamed CSV downloads that a spreadsheet opens safely and that cannot hold the server.

Exports read on connections of their own (a small pool apart from the API's), at most a few per
user at a time; a download that stops (finished, aborted or failed) gives its connection back at
once, and a database failure mid-stream breaks the response instead of ending a short CSV cleanly.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any

import anyio
import psycopg
from fastapi import Request
from psycopg_pool import ConnectionPool, PoolTimeout
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from dragonfly.domain.spreadsheet import spreadsheet_safe
from dragonfly.errors import DatabaseError, Throttled

CHUNK_BYTES = 64_000
RETRY_AFTER_SECONDS = 30
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


class ExportSlots:
    """The export pool and how many exports each user is streaming now."""

    def __init__(self, pool: ConnectionPool, per_user: int) -> None:
        self.pool = pool
        self.per_user = per_user
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}

    def claim(self, user: str) -> psycopg.Connection:
        """A connection for one export by `user`, or Throttled (429) at once."""
        with self._lock:
            if self._running.get(user, 0) >= self.per_user:
                raise Throttled(
                    f"You are already downloading {self.per_user} exports; wait for one to "
                    "finish, then try again.",
                    retry_after=RETRY_AFTER_SECONDS,
                )
            self._running[user] = self._running.get(user, 0) + 1
        try:
            return self.pool.getconn(timeout=0.5)
        except PoolTimeout:
            self._release_user(user)
            raise Throttled(
                "Every export connection is busy with other downloads; try again in a minute.",
                retry_after=RETRY_AFTER_SECONDS,
            ) from None
        except psycopg.OperationalError as exc:
            self._release_user(user)
            raise DatabaseError(
                "The database is not reachable right now; try again shortly."
            ) from exc

    def give_back(self, user: str, conn: psycopg.Connection) -> None:
        # putconn rolls back a transaction left open and discards a broken connection.
        try:
            self.pool.putconn(conn)
        finally:
            self._release_user(user)

    def _release_user(self, user: str) -> None:
        with self._lock:
            left = self._running.get(user, 1) - 1
            if left > 0:
                self._running[user] = left
            else:
                self._running.pop(user, None)


class CsvExportResponse(StreamingResponse):
    """Streams CSV chunks from a claimed export connection and always gives it back."""

    def __init__(
        self, slots: ExportSlots, user: str, header: Sequence[str], rows: Rows, filename: str
    ) -> None:
        self._slots, self._user = slots, user
        self._conn = slots.claim(user)
        self._chunks = csv_chunks(self._conn, header, rows)
        super().__init__(
            iterate_in_threadpool(self._chunks),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Also when the client went away (the stream is cancelled): the generator is closed,
            # which ends its transaction, and the connection returns to the pool now.
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._finish)

    def _finish(self) -> None:
        try:
            self._chunks.close()
        except psycopg.Error:
            pass  # the connection is broken; the pool discards it
        finally:
            self._slots.give_back(self._user, self._conn)


def csv_export(
    request: Request, user: str, header: Sequence[str], rows: Rows, filename: str
) -> CsvExportResponse:
    """A streamed CSV download of `rows`, or 429 when the user or the export pool is busy."""
    return CsvExportResponse(request.app.state.exports, user, header, rows, filename)
