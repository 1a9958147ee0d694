"""One advisory lock between recording money and closing a period: splits and disbursements take
it shared, a close takes it alone, so nothing lands in a period while it is being closed."""

from __future__ import annotations

import psycopg

_KEY = 0x6466_6D6F_6E79  # "dfmony"


def lock_for_recording(conn: psycopg.Connection) -> None:
    conn.execute("select pg_advisory_xact_lock_shared(%s)", (_KEY,))


def lock_for_closing(conn: psycopg.Connection) -> None:
    conn.execute("select pg_advisory_xact_lock(%s)", (_KEY,))
