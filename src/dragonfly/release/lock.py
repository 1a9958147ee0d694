"""One release at a time: a session advisory lock on the production database, or a local file
lock when production cannot be reached. A second run waits a bounded time, then gives up."""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import psycopg

from dragonfly.release.errors import ReleaseLocked

# A fixed key, distinct from the migration engine's own lock, shared by every release process.
RELEASE_LOCK_KEY = 0x44_52_45_4C  # "DREL"
POLL_SECONDS = 0.25


def _try_advisory(conn: psycopg.Connection) -> bool:
    row = conn.execute("select pg_try_advisory_lock(%s)", (RELEASE_LOCK_KEY,)).fetchone()
    return bool(row and row[0])


def _locked_message(where: str, waited: float) -> str:
    return (
        f"Another release is running ({where}); waited {waited:g} s for it to finish. "
        "Nothing was changed. Try again when the other run has finished "
        "(`dragonfly release history` shows it)."
    )


def _wait_for(attempt: Callable[[], bool], wait: float, where: str) -> None:
    deadline = time.monotonic() + wait
    while not attempt():
        if time.monotonic() >= deadline:
            raise ReleaseLocked(_locked_message(where, wait))
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def database_lock(conn: psycopg.Connection, wait: float) -> Iterator[None]:
    """Hold the release lock on `conn` (an autocommit session) for the whole run."""
    _wait_for(lambda: _try_advisory(conn), wait, "lock held on the production database")
    try:
        yield
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.execute("select pg_advisory_unlock(%s)", (RELEASE_LOCK_KEY,))


def _try_flock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def file_lock(path: Path, wait: float) -> Iterator[None]:
    """The same promise on this machine only, for runs that cannot reach production."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        _wait_for(lambda: _try_flock(handle), wait, f"local lock file {path}")
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
