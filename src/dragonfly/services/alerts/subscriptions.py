"""Who receives the digest by email: users named one by one, or every user of a role. The only
writer of alert_subscriptions; changes are audited. A user's address is their sign-in email."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.accounts.users import get_user, parse_role
from dragonfly.services.audit import record_audit


@dataclass(frozen=True)
class Subscription:
    id: int
    user_email: str | None
    role: str | None
    created_by: str


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    display_name: str


_SELECT = (
    "select s.id, u.email as user_email, s.role::text as role, s.created_by"
    " from alert_subscriptions s left join users u on u.id = s.user_id"
)


def list_subscriptions(conn: psycopg.Connection[Any]) -> list[Subscription]:
    with conn.cursor(row_factory=class_row(Subscription)) as cur:
        return cur.execute(_SELECT + " order by s.id").fetchall()


def subscribe(
    conn: psycopg.Connection[Any], *, user: str | None = None, role: str | None = None, actor: str
) -> Subscription:
    """Subscribe one user (by email) or a role to the emailed digest; audited."""
    if (user is None) == (role is None):
        raise InputError("Name either a user (their email) or a role to subscribe, not both.")
    with conn.transaction():
        user_id = get_user(conn, user).id if user is not None else None
        role_value = parse_role(role).value if role is not None else None
        row = conn.execute(
            "insert into alert_subscriptions (user_id, role, created_by)"
            " values (%s, %s::user_role, %s) on conflict do nothing returning id",
            (user_id, role_value, actor),
        ).fetchone()
        if row is None:
            raise Conflict(f"{user or f'the {role_value} role'} is already subscribed.")
        record_audit(
            conn, actor=actor, action="alerts.subscribe", entity="alert_subscription",
            entity_id=row[0], after={"user": user, "role": role_value},
        )  # fmt: skip
        with conn.cursor(row_factory=class_row(Subscription)) as cur:
            made = cur.execute(_SELECT + " where s.id = %s", (row[0],)).fetchone()
    assert made is not None
    return made


def unsubscribe(conn: psycopg.Connection[Any], subscription_id: int, *, actor: str) -> None:
    with conn.transaction():
        row = conn.execute(
            "delete from alert_subscriptions s where id = %s returning id,"
            " (select email from users where id = s.user_id), role::text",
            (subscription_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No digest subscription with id {subscription_id}.")
        record_audit(
            conn, actor=actor, action="alerts.unsubscribe", entity="alert_subscription",
            entity_id=subscription_id, before={"user": row[1], "role": row[2]},
        )  # fmt: skip


def recipients(conn: psycopg.Connection[Any]) -> list[Recipient]:
    """Every enabled user subscribed on their own or through their role, once each."""
    with conn.cursor(row_factory=class_row(Recipient)) as cur:
        return cur.execute(
            "select u.id as user_id, u.email, u.display_name from users u"
            " where not u.disabled and exists (select 1 from alert_subscriptions s"
            "   where s.user_id = u.id or s.role = u.role)"
            " order by u.email"
        ).fetchall()
