"""A judgment's standing: change its status (satisfied, vacated, on hold, active again) with a
reason, audited, its stored balance and score refreshed in the same transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.action_guards import why_no_action_can_start
from dragonfly.domain.judgment_status import (
    INTEREST_STOPS,
    allowed_status_moves,
    plan_status_change,
)
from dragonfly.domain.vocabulary import JudgmentStatus
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.judgments.dated_events import refuse_a_future_day


@dataclass(frozen=True)
class Standing:
    """Where a judgment stands, and where a person may move it."""

    judgment_id: int
    status: JudgmentStatus
    status_on: date | None
    status_reason: str | None
    hold_until: date | None
    interest_stopped_on: date | None
    allowed_moves: list[JudgmentStatus]
    no_action_because: str | None
    balance: Decimal | None
    overpaid: Decimal | None
    score: int | None
    tier: str | None
    satisfaction_filed_on: date | None = None


@dataclass(frozen=True)
class _Row:
    judgment_id: int
    index_number: str
    status: str
    status_on: date | None
    status_reason: str | None
    hold_until: date | None
    entry_date: date
    balance: Decimal | None
    overpaid: Decimal | None
    score: int | None
    tier: str | None
    satisfaction_filed_on: date | None


_SELECT = (
    "select j.id as judgment_id, j.index_number, j.status::text as status, j.status_on,"
    " j.status_reason, j.hold_until, j.entry_date, v.balance, v.overpaid, v.score, v.tier,"
    " j.satisfaction_filed_on"
    " from judgments j"
    " join judgment_values v on v.judgment_id = j.id where j.id = %s"
)


def _row(conn: psycopg.Connection, judgment_id: int, *, lock: bool = False) -> _Row:
    with conn.cursor(row_factory=class_row(_Row)) as cur:
        found = cur.execute(_SELECT + (" for update of j" if lock else ""), (judgment_id,))
        row = found.fetchone()
    if row is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    return row


def _standing(row: _Row) -> Standing:
    status = JudgmentStatus(row.status)
    return Standing(
        judgment_id=row.judgment_id,
        status=status,
        status_on=row.status_on,
        status_reason=row.status_reason,
        hold_until=row.hold_until,
        interest_stopped_on=row.status_on if status in INTEREST_STOPS else None,
        allowed_moves=allowed_status_moves(status),
        no_action_because=why_no_action_can_start(row.index_number, status, row.balance),
        balance=row.balance,
        overpaid=row.overpaid,
        score=row.score,
        tier=row.tier,
        # Only a filing for the current satisfaction counts (see satisfaction_piece_filed).
        satisfaction_filed_on=row.satisfaction_filed_on
        if status is JudgmentStatus.SATISFIED
        and row.status_on is not None
        and row.satisfaction_filed_on is not None
        and row.satisfaction_filed_on >= row.status_on
        else None,
    )


def judgment_standing(conn: psycopg.Connection, judgment_id: int) -> Standing:
    return _standing(_row(conn, judgment_id))


def change_judgment_status(
    conn: psycopg.Connection,
    judgment_id: int,
    target: JudgmentStatus,
    *,
    reason: str,
    on: date | None = None,
    until: date | None = None,
    actor: str,
) -> Standing:
    """Move the judgment to `target` (StatusChangeRefused or InputError otherwise), audited."""
    from dragonfly.valuation import refresh_judgments
    from dragonfly.valuation.values_lock import lock_values_for_writing

    with conn.transaction():
        lock_values_for_writing(conn)
        before = _row(conn, judgment_id, lock=True)
        change = plan_status_change(
            JudgmentStatus(before.status),
            target,
            reason=reason,
            on=on,
            until=until,
            entry_date=before.entry_date,
            today=today_in_new_york(),
        )
        conn.execute(
            "update judgments set status = %s, status_on = %s, status_reason = %s,"
            " hold_until = %s, updated_at = now() where id = %s",
            (change.status.value, change.status_on, change.reason, change.hold_until, judgment_id),
        )
        refresh_judgments(conn, judgment_ids=[judgment_id])
        after = _row(conn, judgment_id)
        record_audit(
            conn,
            actor=actor,
            action="judgment.status",
            entity="judgment",
            entity_id=judgment_id,
            before=_audited(before),
            after=_audited(after),
        )
    return _standing(after)


def record_satisfaction_filed(
    conn: psycopg.Connection, judgment_id: int, *, filed_on: date, actor: str
) -> Standing:
    """Record the day the satisfaction piece was filed with the clerk (CPLR 5020): the judgment
    must be satisfied, the day on or after its satisfaction and not in the future. Its
    satisfaction-piece deadline is then met (off the desk and the page); audited."""
    from dragonfly.valuation import refresh_judgments
    from dragonfly.valuation.values_lock import lock_values_for_writing

    with conn.transaction():
        lock_values_for_writing(conn)
        before = _row(conn, judgment_id, lock=True)
        if before.status != JudgmentStatus.SATISFIED or before.status_on is None:
            raise Conflict(
                f"Judgment {before.index_number} is {before.status}, not satisfied: mark it "
                "satisfied first, then record the filing of its satisfaction piece."
            )
        if filed_on < before.status_on:
            raise InputError.in_field(
                "filed_on",
                f"filed_on {filed_on} is before the judgment was satisfied ({before.status_on}).",
            )
        refuse_a_future_day("filed_on", filed_on, wait_for="record it once filed")
        conn.execute(
            "update judgments set satisfaction_filed_on = %s, updated_at = now() where id = %s",
            (filed_on, judgment_id),
        )
        refresh_judgments(conn, judgment_ids=[judgment_id])
        after = _row(conn, judgment_id)
        record_audit(
            conn,
            actor=actor,
            action="judgment.satisfaction_filed",
            entity="judgment",
            entity_id=judgment_id,
            before={"satisfaction_filed_on": before.satisfaction_filed_on},
            after={"satisfaction_filed_on": filed_on, "satisfied_on": before.status_on},
        )
    return _standing(after)


# What a status change's audit event records of the judgment, before and after.
_AUDITED = frozenset(
    ["status", "status_on", "status_reason", "hold_until", "balance", "overpaid", "score", "tier"]
)


def _audited(row: _Row) -> dict[str, object]:
    return {k: v for k, v in asdict(row).items() if k in _AUDITED}
