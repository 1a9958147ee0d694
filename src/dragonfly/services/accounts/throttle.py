"""Failed-login throttling per account and per client, kept in Postgres so replicas agree."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from dragonfly.errors import Throttled


@dataclass(frozen=True)
class ThrottlePolicy:
    """Policy: after this many failures within the window, further attempts wait."""

    window_seconds: int = 900
    account_failures: int = 5
    client_failures: int = 20


DEFAULT_POLICY = ThrottlePolicy()


def _wait_seconds(
    conn: psycopg.Connection,
    scope: str,
    key: str,
    limit: int,
    window: int,
    not_counting: list[int],
) -> int | None:
    row = conn.execute(
        "select count(*), min(at) from (select at from login_failures"
        " where scope = %s and key = %s and at > now() - make_interval(secs => %s)"
        " and id <> all(%s) order by at desc limit %s) recent",
        (scope, key, window, not_counting, limit),
    ).fetchone()
    assert row is not None
    count, oldest = row
    if count < limit:
        return None
    waited = conn.execute(
        "select greatest(1, ceil(extract(epoch from %s::timestamptz"
        " + make_interval(secs => %s) - now())))::int",
        (oldest, window),
    ).fetchone()
    assert waited is not None
    return int(waited[0])


def reserve_attempt(
    conn: psycopg.Connection, email: str, client: str, policy: ThrottlePolicy | None = None
) -> list[int]:
    """Count this sign-in attempt as a failure *before* checking the password, or raise Throttled.

    Recording first makes the check atomic: each attempt commits its row and then counts the
    others, so however many arrive at once, no more than the limit reach the password check.
    A successful sign-in takes its rows back (`forgive_attempt`). Needs an autocommit connection,
    so the row is visible to concurrent attempts before the count.
    """
    policy = policy or DEFAULT_POLICY
    rows = conn.execute(
        "insert into login_failures (scope, key) values ('account', %s), ('client', %s)"
        " returning id",
        (email, client),
    ).fetchall()
    reserved = [int(r[0]) for r in rows]
    checks = (
        ("account", email, policy.account_failures),
        ("client", client, policy.client_failures),
    )
    for scope, key, limit in checks:
        wait = _wait_seconds(conn, scope, key, limit, policy.window_seconds, reserved)
        if wait is not None:
            # A refused attempt is not a failure of its own: it must not extend the wait.
            conn.execute("delete from login_failures where id = any(%s)", (reserved,))
            raise Throttled(
                f"Too many failed sign-in attempts for this {scope}; try again in {wait} seconds.",
                retry_after=wait,
            )
    return reserved


def forgive_attempt(conn: psycopg.Connection, email: str, reserved: list[int]) -> None:
    """A successful sign-in forgives the account's earlier typos (not the client's) and takes
    back its own reserved rows."""
    conn.execute(
        "delete from login_failures where (scope = 'account' and key = %s) or id = any(%s)",
        (email, reserved),
    )
