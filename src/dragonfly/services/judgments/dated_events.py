"""What every dated event on a judgment (a payment, an acknowledgment, a transcript) checks."""

from __future__ import annotations

from datetime import date

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.errors import InputError, NotFound


def lock_judgment_for_dated_event(
    conn: psycopg.Connection, judgment_id: int, field: str, day: date, *, wait_for: str
) -> date:
    """Lock the judgment row and return its entry date; refuse `day` (the request's `field`)
    before entry or after today. `wait_for` finishes the future-date message ("record money when
    it is received")."""
    row = conn.execute(
        "select entry_date from judgments where id = %s for update", (judgment_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    entry_date: date = row[0]
    if day < entry_date:
        raise InputError.in_field(
            field, f"{field} {day} is before the judgment's entry date {entry_date}."
        )
    if day > today_in_new_york():
        raise InputError.in_field(field, f"{field} {day} is in the future; {wait_for}.")
    return entry_date
