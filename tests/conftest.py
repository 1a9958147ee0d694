"""Shared fixtures: a real PostgreSQL, a migrated template database, and a fresh clone per test.

By default the tests use an embedded server under .dragonfly/test. Set
DRAGONFLY_TEST_DATABASE_URL to an admin URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to
run them against another server, as CI does for PostgreSQL 15.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from dragonfly.core.embedded import start_embedded
from dragonfly.core.roles import APP_ROLE, with_user
from dragonfly.migrate import apply_migrations

REPO = Path(__file__).resolve().parents[1]
# Every test, and every process a test starts, runs on this business date, so that no test depends
# on the wall clock. A test of the clock itself removes DRAGONFLY_TODAY. To check that the suite
# survives the calendar moving on, run it with DRAGONFLY_TEST_TODAY set to a later date.
PINNED_TODAY = "2026-11-23"


def pytest_configure(config: pytest.Config) -> None:
    os.environ["DRAGONFLY_TODAY"] = os.environ.get("DRAGONFLY_TEST_TODAY") or PINNED_TODAY


def _with_database(url: str, name: str) -> str:
    conninfo = psycopg.conninfo.conninfo_to_dict(url)
    conninfo["dbname"] = name
    return psycopg.conninfo.make_conninfo(**conninfo)


@pytest.fixture(scope="session")
def server_admin_url() -> str:
    """A URL to a maintenance database on the test server, allowed to create databases."""
    external = os.environ.get("DRAGONFLY_TEST_DATABASE_URL")
    if external:
        return external
    owner_url = start_embedded(REPO / ".dragonfly" / "test")
    return _with_database(owner_url, "postgres")


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


def _ensure_test_app_login(admin_url: str) -> None:
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


def create_database(admin_url: str, template: str | None = None) -> str:
    name = f"df_{uuid.uuid4().hex[:12]}"
    query = sql.SQL("create database {}").format(sql.Identifier(name))
    if template:
        query = sql.SQL("create database {} template {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(query)
    return name


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def template_db(server_admin_url: str) -> Iterator[str]:
    """Name of a database with every migration applied, cloned by `db_url`."""
    name = create_database(server_admin_url)
    apply_migrations(_with_database(server_admin_url, name))  # creates the role dragonfly_app
    _ensure_test_app_login(server_admin_url)
    yield name
    drop_database(server_admin_url, name)


@pytest.fixture
def db_url(server_admin_url: str, template_db: str) -> Iterator[str]:
    """A fresh, fully migrated database for this test alone."""
    name = create_database(server_admin_url, template=template_db)
    yield _with_database(server_admin_url, name)
    drop_database(server_admin_url, name)


@pytest.fixture
def app_db_url(db_url: str) -> str:
    """`db_url` as the app role: what the API, the workers and imports connect as."""
    return as_app(db_url)


@pytest.fixture(scope="module")
def module_db_url(server_admin_url: str, template_db: str) -> Iterator[str]:
    """A migrated database shared by every test in one module (when a clone per test is slow)."""
    name = create_database(server_admin_url, template=template_db)
    yield _with_database(server_admin_url, name)
    drop_database(server_admin_url, name)


@pytest.fixture
def empty_db_url(server_admin_url: str) -> Iterator[str]:
    """A fresh, empty database (no migrations) for this test alone."""
    name = create_database(server_admin_url)
    yield _with_database(server_admin_url, name)
    drop_database(server_admin_url, name)


@pytest.fixture
def db(db_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit connection to a fresh migrated database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
