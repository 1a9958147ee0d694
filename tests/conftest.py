"""Shared fixtures: a real PostgreSQL, a migrated template database, and a fresh clone per test.

By default the tests use an embedded server under .dragonfly/test. Set
DRAGONFLY_TEST_DATABASE_URL to an admin URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to
run them against another server, as CI does for PostgreSQL 15.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from app_role_login import as_app, ensure_test_app_login
from dragonfly.core.embedded import start_embedded
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
    ensure_test_app_login(server_admin_url)
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
