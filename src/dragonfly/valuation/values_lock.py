"""The advisory lock that keeps value writers and a full rebuild of judgment_values apart.

Writers (a scoped refresh, an import, a new judgment's values row) hold the shared side for
their transaction; a full rebuild holds the exclusive side from before it reads anything until
its new values are swapped in. So nothing written while a rebuild runs is dropped by its swap.
"""

from __future__ import annotations

from typing import Any

import psycopg

# The same key as the judgments_have_values trigger (migration 20261124090000).
VALUES_LOCK_KEY = "hashtext('dragonfly.judgment_values')"


def lock_values_for_writing(conn: psycopg.Connection[Any]) -> None:
    """Hold the shared side until this transaction ends; call it before reading any values.

    Taking it first matters: a transaction that has read judgment_values and then waits here
    would block the rebuild's swap while the rebuild blocks it.
    """
    conn.execute(f"select pg_advisory_xact_lock_shared({VALUES_LOCK_KEY})")


def try_lock_values_for_rebuild(conn: psycopg.Connection[Any]) -> bool:
    """Take the exclusive side for this session if no writer holds the lock; never queue.

    A queued exclusive request would make every later writer wait behind it.
    """
    row = conn.execute(f"select pg_try_advisory_lock({VALUES_LOCK_KEY})").fetchone()
    return bool(row and row[0])


def unlock_values_after_rebuild(conn: psycopg.Connection[Any]) -> None:
    conn.execute(f"select pg_advisory_unlock({VALUES_LOCK_KEY})")
