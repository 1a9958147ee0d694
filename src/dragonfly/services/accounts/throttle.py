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
    conn: psycopg.Connection, scope: str, key: str, limit: int, window: int
) -> int | None:
    row = conn.execute(
        "select count(*), min(at) from (select at from login_failures"
        " where scope = %s and key = %s and at > now() - make_interval(secs => %s)"
        " order by at desc limit %s) recent",
        (scope, key, window, limit),
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


def lock_account_attempts(conn: psycopg.Connection, email: str) -> None:
    """Take the account's turn (until the caller's transaction ends): attempts at one account are
    checked one at a time, so however many arrive at once, no more than the limit reach the
    password check. Different accounts never wait for each other."""
    conn.execute("select pg_advisory_xact_lock(hashtextextended('login:' || %s, 0))", (email,))


def refuse_if_throttled(
    conn: psycopg.Connection, email: str, client: str, policy: ThrottlePolicy | None = None
) -> None:
    """Raise Throttled when the account or the client has failed too often recently."""
    policy = policy or DEFAULT_POLICY
    checks = (
        ("account", email, policy.account_failures),
        ("client", client, policy.client_failures),
    )
    for scope, key, limit in checks:
        wait = _wait_seconds(conn, scope, key, limit, policy.window_seconds)
        if wait is not None:
            raise Throttled(
                f"Too many failed sign-in attempts for this {scope}; try again in {wait} seconds.",
                retry_after=wait,
            )


def record_failure(conn: psycopg.Connection, email: str, client: str) -> None:
    conn.execute(
        "insert into login_failures (scope, key) values ('account', %s), ('client', %s)",
        (email, client),
    )


def clear_account_failures(conn: psycopg.Connection, email: str) -> None:
    """A successful sign-in forgives the account's earlier typos (not the client's)."""
    conn.execute("delete from login_failures where scope = 'account' and key = %s", (email,))
