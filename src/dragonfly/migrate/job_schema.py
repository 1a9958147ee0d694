"""procrastinate's own tables, applied by procrastinate's schema manager (never copied here).

`dragonfly migrate apply`, the release's migration step, `dragonfly serve` and `dragonfly worker`
call `ensure_job_schema` with the owner's URL: the first process to arrive applies the schema
under an advisory lock; later ones find it present. The app role is granted its tables by the
default privileges of migration 20261130181500_app_role.
"""

from __future__ import annotations

from contextlib import suppress

import psycopg
from procrastinate.schema import SchemaManager

from dragonfly.core.database import JOBS_TABLE, connect, table_exists
from dragonfly.errors import DatabaseError

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
                try:
                    conn.execute(SchemaManager.get_schema().encode())
                except psycopg.errors.InsufficientPrivilege as exc:
                    raise DatabaseError(
                        "The job queue's tables are missing and this database role may not "
                        "create them. Run `dragonfly migrate apply` as the schema's owner "
                        "(DRAGONFLY_MIGRATION_DATABASE_URL), which installs them."
                    ) from exc
        finally:
            with suppress(psycopg.Error):  # a lost connection has released the lock anyway
                conn.execute("select pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return True
