"""One digest a day: digest_runs holds a row per New York day, claimed in one transaction by
whoever sends first (a worker, or `dragonfly alerts send --now`). A second worker's claim finds
the row taken and sends nothing. A failed send leaves the row 'failed' with the deliveries that
did arrive, so the retry claims it again and sends only what is missing. The only writer of
digest_runs; it holds channel names and counts, never an address, URL or secret."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

# A claim older than this whose sender never finished (its worker died) may be taken over.
STALE_CLAIM = "15 minutes"


@dataclass(frozen=True)
class Claim:
    day: date
    attempts: int
    delivered: list[str]


@dataclass(frozen=True)
class DigestRun:
    day: date
    status: str
    attempts: int
    claimed_by: str
    claimed_at: datetime
    finished_at: datetime | None
    delivered: list[str]
    summary: dict[str, Any] | None
    problem: str | None


def claim_day(
    conn: psycopg.Connection[Any], day: date, claimed_by: str, *, again: bool = False
) -> Claim | None:
    """Take `day`'s digest to send, or None when another sender has it or it went out. `again`
    (a person's explicit resend) takes a sent day too, and sends every channel anew, but never
    one another sender is sending right now (both would send it)."""
    with conn.transaction(), conn.cursor(row_factory=class_row(Claim)) as cur:
        return cur.execute(
            "insert into digest_runs as r (day, status, claimed_by) values (%(day)s, 'sending',"
            " %(by)s) on conflict (day) do update set status = 'sending',"
            " attempts = r.attempts + 1, claimed_by = excluded.claimed_by, claimed_at = now(),"
            " finished_at = null, problem = null,"
            " delivered = case when %(again)s then '{}'::text[] else r.delivered end"
            " where r.status = 'failed' or (%(again)s and r.status <> 'sending')"
            f"  or (r.status = 'sending' and r.claimed_at < now() - interval '{STALE_CLAIM}')"
            " returning day, attempts, delivered",
            {"day": day, "by": claimed_by, "again": again},
        ).fetchone()


def sending_now(conn: psycopg.Connection[Any], day: date) -> str | None:
    """Who is sending `day`'s digest at this moment (a claim not yet stale), or None."""
    row = conn.execute(
        "select claimed_by from digest_runs where day = %s and status = 'sending'"
        f" and claimed_at >= now() - interval '{STALE_CLAIM}'",
        (day,),
    ).fetchone()
    return str(row[0]) if row else None


def record_delivery(conn: psycopg.Connection[Any], day: date, delivery: str) -> None:
    """One channel (or one subscriber's email, 'email:<user id>') arrived."""
    with conn.transaction():
        conn.execute(
            "update digest_runs set delivered = array_append(delivered, %s)"
            " where day = %s and not (%s = any(delivered))",
            (delivery, day, delivery),
        )


def finish_day(
    conn: psycopg.Connection[Any],
    day: date,
    *,
    sent: bool,
    summary: dict[str, Any],
    problem: str | None = None,
) -> None:
    with conn.transaction():
        conn.execute(
            "update digest_runs set status = %s, finished_at = now(), summary = %s::jsonb,"
            " problem = %s where day = %s",
            ("sent" if sent else "failed", json.dumps(summary), problem, day),
        )


def digest_run(conn: psycopg.Connection[Any], day: date) -> DigestRun | None:
    with conn.cursor(row_factory=class_row(DigestRun)) as cur:
        return cur.execute(
            "select day, status, attempts, claimed_by, claimed_at, finished_at, delivered,"
            " summary, problem from digest_runs where day = %s",
            (day,),
        ).fetchone()
