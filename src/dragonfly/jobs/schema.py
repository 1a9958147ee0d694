"""procrastinate's own tables, applied by procrastinate's schema manager (never copied here).

`dragonfly serve` and `dragonfly worker` call `ensure_job_schema` at start: the first process to
arrive applies the schema under an advisory lock; later ones find it present.
"""

from __future__ import annotations

from contextlib import suppress

import psycopg
from procrastinate.schema import SchemaManager

from dragonfly.core.database import JOBS_TABLE, connect, table_exists

_LOCK_KEY = 0x6466_6A6F_6273  # "dfjobs": serialises concurrent first starts


def job_schema_present(conn: psycopg.Connection) -> bool:
    return table_exists(conn, JOBS_TABLE)


def ensure_job_schema(url: str) -> bool:
    """Apply procrastinate's schema if it is missing. Returns True when it was applied now."""
    with connect(url, autocommit=True) as conn:
        if job_schema_present(conn):
            return False
        conn.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            # Checked in a transaction begun after the lock: only a new transaction is sure to
            # see the catalogue rows another process committed while this one waited.
            if job_schema_present(conn):
                return False
            with conn.transaction():
                conn.execute(SchemaManager.get_schema().encode())
        finally:
            with suppress(psycopg.Error):  # a lost connection has released the lock anyway
                conn.execute("select pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return True
