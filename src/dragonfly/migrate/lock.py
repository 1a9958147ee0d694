"""The migration lock: a session-level Postgres advisory lock, so two runners never interleave.

Advisory locks are per database and vanish with the session, so a killed runner never leaves the
lock behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from dragonfly.migrate.errors import MigrationLocked, driver_errors

# Any fixed bigint works; this one is the first 8 bytes of sha256("dragonfly.migrate"), signed.
LOCK_KEY = -0x0DAC_C9C4_4A6C_3909

HOLDER = """
select a.pid, a.application_name, to_char(a.backend_start at time zone 'UTC', 'HH24:MI:SS')
from pg_locks l join pg_stat_activity a on a.pid = l.pid
where l.locktype = 'advisory' and l.granted and l.database = (
    select oid from pg_database where datname = current_database())
  and l.classid = %s::bigint::oid and l.objid = %s::bigint::oid and l.objsubid = 1
limit 1
"""


@contextmanager
def migration_lock(conn: psycopg.Connection, wait_seconds: float) -> Iterator[None]:
    """Hold the lock for the block; wait up to `wait_seconds`, then raise MigrationLocked."""
    with driver_errors("taking the migration lock"):
        acquired = _acquire(conn, wait_seconds)
    if not acquired:
        raise MigrationLocked(_busy_message(conn, wait_seconds))
    try:
        yield
    finally:
        if not conn.closed and not conn.broken:
            conn.execute("select pg_advisory_unlock(%s)", (LOCK_KEY,))


def _acquire(conn: psycopg.Connection, wait_seconds: float) -> bool:
    if wait_seconds < 0.001:  # lock_timeout 0 would mean "wait forever"
        row = conn.execute("select pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        return bool(row and row[0])
    conn.execute("select set_config('lock_timeout', %s, false)", (f"{int(wait_seconds * 1000)}ms",))
    try:
        conn.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
    except psycopg.errors.LockNotAvailable:
        return False
    finally:
        conn.execute("select set_config('lock_timeout', '0', false)")
    return True


def _busy_message(conn: psycopg.Connection, wait_seconds: float) -> str:
    holder = ""
    try:
        key_high, key_low = (LOCK_KEY >> 32) & 0xFFFFFFFF, LOCK_KEY & 0xFFFFFFFF
        row = conn.execute(HOLDER, (key_high, key_low)).fetchone()
        if row:
            holder = f" (server pid {row[0]}, {row[1] or 'unnamed client'}, connected {row[2]} UTC)"
    except psycopg.Error:
        pass  # the message is still useful without the holder's details
    return (
        f"Another migration run holds the lock on this database{holder}; waited "
        f"{wait_seconds:g} s. Nothing was applied. Retry when it finishes, or wait longer "
        "with --lock-wait / DRAGONFLY_MIGRATE_LOCK_WAIT."
    )
