"""Streamed downloads on the export connections: the CSV exports (csv_export.py) and a paper
run's merged PDF and zip. The file is read a part at a time on a connection of the small export
pool, at most a few per user, and the connection goes back when the download stops.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import anyio
import psycopg
from fastapi import Request
from psycopg_pool import ConnectionPool, PoolTimeout
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from dragonfly.errors import DatabaseError, Throttled

RETRY_AFTER_SECONDS = 30
Chunks = Callable[[psycopg.Connection], Iterator[bytes] | Iterator[str]]


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


class FileDownloadResponse(StreamingResponse):
    """Streams `chunks` read on a claimed export connection and always gives it back."""

    def __init__(
        self,
        slots: ExportSlots,
        user: str,
        chunks: Chunks,
        *,
        filename: str,
        media_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._slots, self._user = slots, user
        self._conn = slots.claim(user)
        self._chunks = chunks(self._conn)
        super().__init__(
            iterate_in_threadpool(self._chunks),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'} | (headers or {}),
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
            close = getattr(self._chunks, "close", None)
            if close:
                close()
        except psycopg.Error:
            pass  # the connection is broken; the pool discards it
        finally:
            self._slots.give_back(self._user, self._conn)


def file_download(
    request: Request,
    user: str,
    chunks: Chunks,
    *,
    filename: str,
    media_type: str,
    headers: dict[str, str] | None = None,
) -> FileDownloadResponse:
    """A streamed download, or 429 when the user or the export pool is busy."""
    return FileDownloadResponse(
        request.app.state.exports,
        user,
        chunks,
        filename=filename,
        media_type=media_type,
        headers=headers,
    )
