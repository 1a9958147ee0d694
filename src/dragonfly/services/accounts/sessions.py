"""Sign-in sessions: a random id in a signed cookie, stored only as a hash, ended server-side."""

from __future__ import annotations

from datetime import timedelta

import psycopg
from psycopg.rows import class_row

from dragonfly.services.accounts.passwords import digest, new_session_id
from dragonfly.services.accounts.users import USER_COLUMNS, User

SESSION_LIFETIME = timedelta(hours=12)
COOKIE_NAME = "df_session"


def start_session(conn: psycopg.Connection, user: User) -> str:
    """A new session id for `user` (returned once; only its hash is stored)."""
    session_id = new_session_id()
    conn.execute(
        "insert into sessions (id_hash, user_id, expires_at) values (%s, %s, now() + %s)",
        (digest(session_id), user.id, SESSION_LIFETIME),
    )
    return session_id


def user_for_session(conn: psycopg.Connection, session_id: str) -> User | None:
    with conn.cursor(row_factory=class_row(User)) as cur:
        return cur.execute(
            f"select {USER_COLUMNS} from sessions s join users u on u.id = s.user_id"
            " where s.id_hash = %s and s.revoked_at is null and s.expires_at > now()"
            " and not u.disabled",
            (digest(session_id),),
        ).fetchone()


def end_session(conn: psycopg.Connection, session_id: str) -> None:
    conn.execute(
        "update sessions set revoked_at = now() where id_hash = %s and revoked_at is null",
        (digest(session_id),),
    )
