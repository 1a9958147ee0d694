"""Throwaway databases for the benchmarks, on the server an admin URL names."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from dragonfly.core.database import resolve_migration_url


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` instead."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo("", **info)


def admin_url(given: str | None) -> str:
    """The URL allowed to create databases: the one given, or the configured owner's."""
    return given or with_database(resolve_migration_url(), "postgres")


def fresh_database(admin_url: str, prefix: str = "bench") -> str:
    """Create an empty database and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    return with_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    name = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


@contextmanager
def scratch_database(admin: str, prefix: str = "bench", *, keep: bool = False) -> Iterator[str]:
    """A fresh database for the `with` block, dropped after it unless `keep`."""
    url = fresh_database(admin, prefix)
    try:
        yield url
    finally:
        if keep:
            print(f"kept database {psycopg.conninfo.conninfo_to_dict(url)['dbname']}")
        else:
            drop_database(admin, url)
