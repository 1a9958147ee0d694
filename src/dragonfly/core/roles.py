"""The two database roles: the owner, which migrates, and the app role, which only reads and writes.

Migration 20261130181500_app_role grants `dragonfly_app` what the app needs and nothing more (no
TRUNCATE, no UPDATE or DELETE of history, no table it owns). The embedded server gives it a login;
elsewhere the deployment does (docs/ARCHITECTURE.md, "Database roles").
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

import psycopg
from psycopg import conninfo

APP_ROLE = "dragonfly_app"


def with_user(url: str, user: str, password: str | None = None) -> str:
    """The same connection URL, logging in as `user` (never with the old user's password).

    A postgresql:// URL stays a URL (it is what `db url` prints and users paste)."""
    parts = urlsplit(url)
    named_in_query = {"user", "password"} & set(parse_qs(parts.query))
    if parts.scheme not in ("postgres", "postgresql") or named_in_query:
        params = conninfo.conninfo_to_dict(url)
        params.pop("password", None)
        params["user"] = user
        if password is not None:
            params["password"] = password
        return conninfo.make_conninfo("", **params)
    login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{login}@{host}", parts.path, parts.query, parts.fragment))


def ensure_app_login_role(admin_url: str) -> None:
    """Create the app role with a login, or give the one a migration made (nologin) a login.

    Roles are shared by every database of a server: two processes may race here.
    """
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("select rolcanlogin from pg_roles where rolname = %s", (APP_ROLE,))
        found = row.fetchone()
        if found is not None and found[0]:
            return
        statement = "alter role dragonfly_app login" if found else "create role dragonfly_app login"
        with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
            conn.execute(statement)


@dataclass(frozen=True)
class ConnectedRole:
    """Who a connection is, and whether it can get past the append-only triggers."""

    name: str
    superuser: bool
    owns_tables: bool

    @property
    def can_bypass_history_rules(self) -> bool:
        return self.superuser or self.owns_tables

    def warning(self) -> str | None:
        if not self.can_bypass_history_rules:
            return None
        what = "a superuser" if self.superuser else "the owner of the tables"
        return (
            f"the app connects to the database as {self.name}, {what}: it could truncate the "
            "ledger or turn off its triggers. Give DATABASE_URL the dragonfly_app role and put "
            "the owner in DRAGONFLY_MIGRATION_DATABASE_URL (docs/ARCHITECTURE.md, Database roles)"
        )


OWNS_LEDGER = """
select current_user, r.rolsuper,
       coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false)
from pg_roles r left join pg_class c on c.oid = to_regclass('public.ledger_entries')
where r.rolname = current_user
"""


def connected_role(conn: psycopg.Connection) -> ConnectedRole:
    """The role of this connection, and whether it is a superuser or owns the ledger."""
    row = conn.execute(OWNS_LEDGER).fetchone()
    assert row is not None
    return ConnectedRole(str(row[0]), bool(row[1]), bool(row[2]))
