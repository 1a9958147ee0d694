"""Streamed file downloads (a paper run's merged PDF, its zip) on the export connections.

Like the CSV exports (csv_export.py): the file is read a part at a time on a connection of the
small export pool, at most a few per user, and the connection goes back when the download stops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import anyio
import psycopg
from fastapi import Request
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from dragonfly.api.csv_export import ExportSlots

Chunks = Callable[[psycopg.Connection], Iterator[bytes]]


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
