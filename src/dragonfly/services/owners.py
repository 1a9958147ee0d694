"""Owners: assign a judgment or an enforcement action to a user (ops or admin), audited. The
deadlines desk's "my desk" shows what a user owns; an action without an owner of its own is its
judgment owner's."""

from __future__ import annotations

from typing import Any

import psycopg

from dragonfly.errors import InputError, NotFound
from dragonfly.services.audit import record_audit

TABLES = {"judgment": "judgments", "action": "enforcement_actions"}


def owner_user_id(conn: psycopg.Connection[Any], email: str, field: str = "owner") -> int:
    """The id of the active ops or admin user with this email; 422 naming `field` otherwise."""
    row = conn.execute(
        "select id, role::text, disabled from users where email = lower(btrim(%s))", (email,)
    ).fetchone()
    if row is None:
        raise InputError.in_field(field, f"{field} {email!r} is not a user of Dragonfly.")
    if row[2]:
        raise InputError.in_field(field, f"{field} {email!r} is disabled.")
    if row[1] not in ("ops", "admin"):
        raise InputError.in_field(
            field, f"{field} {email!r} is a {row[1]}: only ops and admin users can own work."
        )
    return int(row[0])


def owner_of_judgment(conn: psycopg.Connection[Any], judgment_id: int) -> str | None:
    row = conn.execute(
        "select u.email from judgments j join users u on u.id = j.owner_id where j.id = %s",
        (judgment_id,),
    ).fetchone()
    return str(row[0]) if row else None


def assign_owner(
    conn: psycopg.Connection[Any],
    entity: str,
    entity_id: int,
    owner: str | None,
    *,
    actor: str,
) -> dict[str, Any]:
    """Assign the judgment or action (`entity`) to `owner` (an email), or unassign it (None);
    audited on the judgment. Returns {owner, judgment_id, action_id}."""
    table = TABLES[entity]
    with conn.transaction():
        owner_id = owner_user_id(conn, owner) if owner else None
        judgment_column = "id" if entity == "judgment" else "judgment_id"
        row = conn.execute(
            f"select t.{judgment_column}, u.email from {table} t"
            " left join users u on u.id = t.owner_id where t.id = %s for update of t",
            (entity_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No {entity} with id {entity_id}.")
        judgment_id, before = int(row[0]), row[1]
        conn.execute(f"update {table} set owner_id = %s where id = %s", (owner_id, entity_id))
        after = owner.strip().lower() if owner else None
        action_id = entity_id if entity == "action" else None
        record_audit(
            conn,
            actor=actor,
            action="judgment.owner",
            entity="judgment",
            entity_id=judgment_id,
            before={"owner": before, "action_id": action_id},
            after={"owner": after, "action_id": action_id},
        )
    return {"owner": after, "judgment_id": judgment_id, "action_id": action_id}
