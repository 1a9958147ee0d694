"""Bearer API tokens for scripts: shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import class_row, dict_row

from dragonfly.errors import InputError, NotFound
from dragonfly.services.accounts.passwords import TOKEN_PREFIX, digest, new_api_token
from dragonfly.services.accounts.users import USER_COLUMNS, User, get_user
from dragonfly.services.audit import record_audit


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_email: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime


_TOKEN_COLUMNS = (
    "t.id, u.email as user_email, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at,"
    " t.expires_at"
)
DEFAULT_DAYS = 90
MAX_DAYS = 366


def create_token(
    conn: psycopg.Connection,
    user_ref: int | str,
    name: str,
    *,
    actor: str,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A new token for the user, valid for `days`; the plain value is returned here only."""
    if not name.strip():
        raise InputError("A token needs a name saying what uses it, e.g. --name nightly-export.")
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"A token lasts 1 to {MAX_DAYS} days; {days} was asked for.")
    with conn.transaction():
        user = get_user(conn, user_ref)
        plain = new_api_token()
        prefix = plain[: len(TOKEN_PREFIX) + 6]
        row = conn.execute(
            "insert into api_tokens (user_id, name, token_hash, prefix, expires_at)"
            " values (%s, %s, %s, %s, now() + make_interval(days => %s)) returning id",
            (user.id, name.strip(), digest(plain), prefix, days),
        ).fetchone()
        assert row is not None
        record_audit(
            conn,
            actor=actor,
            action="token.create",
            entity="api_token",
            entity_id=row[0],
            after={"user": user.email, "name": name, "prefix": prefix, "days": days},
        )
        token = _get_token(conn, int(row[0]))
    return token, plain


def _get_token(conn: psycopg.Connection, token_id: int) -> ApiToken:
    with conn.cursor(row_factory=class_row(ApiToken)) as cur:
        token = cur.execute(
            f"select {_TOKEN_COLUMNS} from api_tokens t join users u on u.id = t.user_id"
            " where t.id = %s",
            (token_id,),
        ).fetchone()
    if token is None:
        raise NotFound(f"No API token with id {token_id}.")
    return token


def get_token(conn: psycopg.Connection, token_id: int, *, owner: User | None = None) -> ApiToken:
    """One token; with `owner`, only if it is theirs (another user's token is not found)."""
    token = _get_token(conn, token_id)
    if owner is not None and token.user_email != owner.email:
        raise NotFound(f"No API token with id {token_id}.")
    return token


def list_tokens(conn: psycopg.Connection, *, owner: User | None = None) -> list[ApiToken]:
    """Every token (an admin's view), or only `owner`'s."""
    with conn.cursor(row_factory=class_row(ApiToken)) as cur:
        return cur.execute(
            f"select {_TOKEN_COLUMNS} from api_tokens t join users u on u.id = t.user_id"
            " where %(owner)s::bigint is null or t.user_id = %(owner)s order by t.id",
            {"owner": owner.id if owner else None},
        ).fetchall()


def revoke_token(conn: psycopg.Connection, token_id: int, *, actor: str) -> ApiToken:
    with conn.transaction():
        before = _get_token(conn, token_id)
        conn.execute(
            "update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = %s",
            (token_id,),
        )
        record_audit(
            conn,
            actor=actor,
            action="token.revoke",
            entity="api_token",
            entity_id=token_id,
            after={"revoked": True, "prefix": before.prefix},
        )
        return _get_token(conn, token_id)


def user_for_token(conn: psycopg.Connection, plain: str) -> User | None:
    """The owner of a live token, or None. Notes its use at most once a minute."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            f"select t.id as token_id, t.last_used_at is null"
            f" or t.last_used_at < now() - interval '1 minute' as note_use,"
            f" {USER_COLUMNS} from api_tokens t join users u on u.id = t.user_id"
            f" where t.token_hash = %s and t.revoked_at is null and t.expires_at > now()"
            f" and not u.disabled",
            (digest(plain),),
        ).fetchone()
    if row is None:
        return None
    token_id, note_use = row.pop("token_id"), row.pop("note_use")
    if note_use:
        conn.execute("update api_tokens set last_used_at = now() where id = %s", (token_id,))
    return User(**row)
