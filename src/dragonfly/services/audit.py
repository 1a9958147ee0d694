"""The audit trail: every write records who, what, when, before and after. Append-only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.core.request_id import current_request_id


@dataclass(frozen=True)
class AuditEvent:
    """One row of the audit trail, as shown on a record's page."""

    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record_audit(
    conn: psycopg.Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit event in the caller's transaction, tagged with the request id."""
    conn.execute(
        "insert into audit_events (actor, action, entity, entity_id, before, after, request_id)"
        " values (%s, %s, %s, %s, %s::jsonb, %s::jsonb, %s)",
        (
            actor,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            None if before is None else json.dumps(before, default=_jsonable),
            None if after is None else json.dumps(after, default=_jsonable),
            current_request_id(),
        ),
    )


def audit_trail(conn: psycopg.Connection, entity: str, entity_id: object) -> list[AuditEvent]:
    """Events about one record, oldest first."""
    with conn.cursor(row_factory=class_row(AuditEvent)) as cur:
        return cur.execute(
            "select at, actor, action, before, after from audit_events"
            " where entity = %s and entity_id = %s order by at, id",
            (entity, str(entity_id)),
        ).fetchall()
