"""Written acknowledgments of a judgment debt: events outside the ledger (they move no money)
that, under CPLR 211(b) and the rules table's policy, extend how long a judgment is enforceable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.services.audit import record_audit
from dragonfly.services.deadlines import reopen_extended_judgments
from dragonfly.services.judgments.dated_events import lock_judgment_for_dated_event


@dataclass(frozen=True)
class Acknowledgment:
    """The debtor acknowledged the debt in writing on `acknowledged_on`."""

    id: int
    acknowledged_on: date
    note: str
    created_by: str
    created_at: datetime


COLUMNS = "id, acknowledged_on, note, created_by, created_at"


def acknowledgments_for_judgment(
    conn: psycopg.Connection, judgment_id: int
) -> list[Acknowledgment]:
    with conn.cursor(row_factory=class_row(Acknowledgment)) as cur:
        return cur.execute(
            f"select {COLUMNS} from judgment_acknowledgments where judgment_id = %s"
            " order by acknowledged_on, id",
            (judgment_id,),
        ).fetchall()


def record_acknowledgment(
    conn: psycopg.Connection,
    judgment_id: int,
    *,
    acknowledged_on: date,
    note: str,
    actor: str,
) -> Acknowledgment:
    """Record one written acknowledgment, audit it, and refresh the judgment's stored values
    (its enforceable-until date may move), atomically."""
    from dragonfly.valuation import refresh_judgments
    from dragonfly.valuation.values_lock import lock_values_for_writing

    with conn.transaction():
        lock_values_for_writing(conn)
        lock_judgment_for_dated_event(
            conn, judgment_id, "acknowledged_on", acknowledged_on,
            wait_for="record an acknowledgment once the debtor has signed it",
        )  # fmt: skip
        before = _enforceability(conn, judgment_id)
        with conn.cursor(row_factory=class_row(Acknowledgment)) as cur:
            made = cur.execute(
                "insert into judgment_acknowledgments (judgment_id, acknowledged_on, note,"
                f" created_by) values (%s, %s, %s, %s) returning {COLUMNS}",
                (judgment_id, acknowledged_on, note, actor),
            ).fetchone()
        assert made is not None
        refresh_judgments(conn, judgment_ids=[judgment_id])
        # An acknowledgment within the twenty years may give an expired judgment its life back.
        reopen_extended_judgments(conn, today_in_new_york(), [judgment_id], actor)
        after = _enforceability(conn, judgment_id)
        record_audit(
            conn,
            actor=actor,
            action="judgment.acknowledgment",
            entity="judgment",
            entity_id=judgment_id,
            before=before,
            after={
                "acknowledgment": {
                    "id": made.id,
                    "acknowledged_on": made.acknowledged_on,
                    "note": made.note,
                },
                **after,
            },
        )
    return made


def _enforceability(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "select enforceable_until, enforceable_basis, enforceable_basis_on"
            " from judgment_values where judgment_id = %s",
            (judgment_id,),
        ).fetchone()
    return row or {}
