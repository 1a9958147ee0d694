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
    refuse_a_future_day(field, day, wait_for=wait_for)
    return entry_date


def refuse_a_future_day(field: str, day: date, *, wait_for: str) -> None:
    """Refuse `day` (the request's `field`) when it is after today in New York: Dragonfly
    records what has happened. `wait_for` says when to record it instead."""
    if day > today_in_new_york():
        raise InputError.in_field(field, f"{field} {day} is in the future; {wait_for}.")
