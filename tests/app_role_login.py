"""The app role in tests: every test that acts as the app connects with only its rights.

(A module of its own, not conftest.py: several test folders have a conftest, and importing
"conftest" could find the wrong one.)
"""

from __future__ import annotations

import contextlib
import hashlib

import psycopg
from psycopg import sql

from dragonfly.core.roles import APP_ROLE, with_user

# Tests connect as the app through a login role of their own that is a member of dragonfly_app,
# so a test run never gives dragonfly_app itself a login (or a password) on a shared server such
# as the release's development database. Its password is derived from the admin URL's.
TEST_APP_USER = "dragonfly_app_test"


def _test_app_password(url: str) -> str:
    admin_password = psycopg.conninfo.conninfo_to_dict(url).get("password") or ""
    return hashlib.sha256(f"dragonfly-test-app:{admin_password}".encode()).hexdigest()[:32]


def as_app(url: str) -> str:
    """The same database, connected with only the app role's rights, as the app runs."""
    return with_user(url, TEST_APP_USER, _test_app_password(url))


def ensure_test_app_login(admin_url: str) -> None:
    """Create the tests' login role (once per server; roles are shared by its databases)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("select 1 from pg_roles where rolname = %s", (TEST_APP_USER,)).fetchone():
            return
        create = sql.SQL("create role {} login password {} in role {}").format(
            sql.Identifier(TEST_APP_USER),
            sql.Literal(_test_app_password(admin_url)),
            sql.Identifier(APP_ROLE),
        )
        with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
            conn.execute(create)
