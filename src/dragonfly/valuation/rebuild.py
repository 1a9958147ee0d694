"""A full rescore: value every judgment into a new table beside the live one, then swap it in.

Rewriting 1M rows in place costs a new version of each row in every index. Writing them into an
empty table and building its indexes afterwards (a sort each) costs a fraction of that. The new
table then replaces judgment_values' only partition in one short transaction, so readers see the
old values or the new ones, never a mix, and wait only for the swap itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

import psycopg
from psycopg import conninfo

from dragonfly.errors import DatabaseError
from dragonfly.valuation.values_lock import try_lock_values_for_rebuild, unlock_values_after_rebuild
from dragonfly.valuation.values_query import (
    BULK_WORK_MEM,
    VALUES_SQL,
    insert_values_sql,
    prepare_ledger_balances,
)

Task = Callable[[psycopg.Connection[Any]], int]

NEXT = "judgment_values_next"
# The server has 2 cores: value and index on this many connections at once. Each part of the
# valuing is its own transaction, small enough to keep its join in memory.
WORKERS = 2
PART_ROWS = 250_000
SWAP_LOCK_TIMEOUT = "2s"
SWAP_ATTEMPTS = 10
SWAP_RETRY_PAUSE = 1.0
# The exclusive lock is polled for, for at most this long (an import of 1M rows holds the
# shared side for about a minute).
LOCK_WAIT_SECONDS = 900
LOCK_POLL_SECONDS = 0.5
MAX_NAME_BYTES = 63  # PostgreSQL truncates longer identifiers

INSERT_NEXT = insert_values_sql(NEXT, VALUES_SQL)
# The parent's indexes, each to be built on the new partition: indexes added by later migrations
# are rebuilt without code changes.
PARENT_INDEXES = """
select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
where i.indrelid = 'judgment_values'::regclass
order by c.relname
"""
# Creating, indexing and swapping the partition needs ownership of judgment_values, which the app
# role lacks: these functions run as the owner (migration 20261130181500_app_role).
CREATE_NEXT = "select df_values_next_create_v1()"
DROP_NEXT = "select df_values_next_drop_v1()"
BUILD_INDEX = "select df_values_next_index_v1(%s)"
SEAL_NEXT = "select df_values_next_seal_v1()"
SWAP = "select df_values_next_swap_v1()"


def rebuild_all_values(conn: psycopg.Connection[Any], params: dict[str, Any]) -> int:
    """Value every judgment into a new partition and swap it in; returns how many were valued.

    Holds the exclusive values lock throughout, so writers of single judgments wait (seconds)
    rather than write into the partition about to be dropped. A failure or a kill before the
    swap leaves the live values untouched; the half-built table is dropped by the next run.
    """
    target = conninfo.make_conninfo(conn.info.dsn, password=conn.info.password or None)
    with psycopg.connect(target, autocommit=True) as own:
        _wait_for_values_lock(own)
        try:
            return _rebuild(own, target, params)
        except BaseException:
            # Best effort: on a lost connection the next rebuild drops the table instead.
            with suppress(psycopg.Error):
                own.execute(DROP_NEXT)
            raise
        finally:
            with suppress(psycopg.Error):  # a closed session has released its lock anyway
                unlock_values_after_rebuild(own)


def _wait_for_values_lock(conn: psycopg.Connection[Any]) -> None:
    """Take the exclusive lock by polling: a queued request would make every payment and import
    that comes after it wait behind whatever the rebuild is waiting for (a long import)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not try_lock_values_for_rebuild(conn):
        if time.monotonic() > deadline:
            raise DatabaseError(
                f"The rescore did not start: imports or payments kept the stored values busy for "
                f"{LOCK_WAIT_SECONDS // 60} minutes. Nothing was changed; run `dragonfly rescore` "
                "again when imports have finished."
            )
        time.sleep(LOCK_POLL_SECONDS)


def _rebuild(conn: psycopg.Connection[Any], target: str, params: dict[str, Any]) -> int:
    conn.execute(CREATE_NEXT)
    row = conn.execute("select min(id), max(id), count(*) from judgments").fetchone()
    low, high, count = (0, 0, 0) if row is None or row[0] is None else row
    valued = sum(_on_workers(target, _valuing_tasks(params, int(low), int(high), int(count))))
    indexes = [str(name) for (name,) in conn.execute(PARENT_INDEXES)]
    for index in indexes:
        _next_name(index)  # refuse a name too long before building anything
    _on_workers(target, [_index_task(index) for index in indexes])
    # Primary key and unique constraints adopt the indexes built for them (adding one outright
    # would lock the table and stop the other connection's index build); then statistics, so
    # the new partition is planned well at once.
    conn.execute(SEAL_NEXT)
    _swap_in(conn)
    return valued


def _swap_in(conn: psycopg.Connection[Any]) -> None:
    """Swap the new partition in, waiting briefly for readers; give up rather than stall them.

    A swap waiting on a long read (a CSV export) would queue every later reader behind it, so
    each attempt waits at most SWAP_LOCK_TIMEOUT before letting readers through again.
    """
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        try:
            with conn.transaction():
                conn.execute(f"set local lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
                conn.execute(SWAP)
            return
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected):
            if attempt == SWAP_ATTEMPTS:
                raise DatabaseError(
                    f"The new values could not be swapped in: a long read of judgment_values "
                    f"(such as a CSV export) held it through {SWAP_ATTEMPTS} attempts. The stored "
                    "values are unchanged; run `dragonfly rescore` again."
                ) from None
            time.sleep(SWAP_RETRY_PAUSE)


def _valuing_tasks(params: dict[str, Any], low: int, high: int, count: int) -> list[Task]:
    """One task per id range of about PART_ROWS judgments, each valuing into the new table."""
    parts = max(1, -(-count // PART_ROWS))
    width = max(1, -(-(high - low + 1) // parts))

    def task(id_from: int, id_to: int) -> Task:
        part = {**params, "scoped": True, "id_from": id_from, "id_to": id_to}

        def value(own: psycopg.Connection[Any]) -> int:
            with own.transaction():
                prepare_ledger_balances(own, part)
                return own.execute(INSERT_NEXT, part).rowcount

        return value

    return [task(start, min(start + width - 1, high)) for start in range(low, high + 1, width)]


def _next_name(parent_index: str) -> str:
    name = f"{parent_index}_next"
    if len(name.encode()) > MAX_NAME_BYTES:
        raise DatabaseError(
            f"Index {parent_index} of judgment_values has a name too long to rebuild "
            f"(over {MAX_NAME_BYTES - 5} bytes); rename it in a migration."
        )
    return name


def _index_task(parent_index: str) -> Task:
    return lambda own: own.execute(BUILD_INDEX, (parent_index,)).rowcount


def _on_workers(target: str, tasks: list[Task]) -> list[int]:
    """Run the tasks on WORKERS connections of their own (autocommit), shared out evenly.

    When one connection fails, the others stop after their current task."""
    shares = [tasks[i::WORKERS] for i in range(WORKERS)]
    failed = threading.Event()

    def work(share: list[Task]) -> int:
        done = 0
        with psycopg.connect(target, autocommit=True) as own:
            own.execute("set synchronous_commit = off")  # a lost commit means a rerun, no more
            own.execute(f"set work_mem = '{BULK_WORK_MEM}'")
            own.execute(f"set maintenance_work_mem = '{BULK_WORK_MEM}'")
            for task in share:
                if failed.is_set():
                    break
                try:
                    done += task(own)
                except BaseException:
                    failed.set()
                    raise
        return done

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(work, [share for share in shares if share]))
