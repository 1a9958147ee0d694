"""Where the database is and how to connect to it: DATABASE_URL, or the embedded server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from dragonfly.core.config import Settings, get_settings
from dragonfly.core.embedded import embedded_app_url, start_embedded
from dragonfly.core.secrets import redact_url
from dragonfly.errors import DatabaseError, first_line


def resolve_database_url(settings: Settings | None = None) -> str:
    """The app's URL: DATABASE_URL when set (never starts a server); otherwise the embedded
    server's, as the app role dragonfly_app."""
    settings = settings or get_settings()
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return embedded_app_url(start_embedded(settings.dragonfly_home))


def resolve_migration_url(settings: Settings | None = None) -> str:
    """The owner's URL, for migrations and the job schema: DRAGONFLY_MIGRATION_DATABASE_URL,
    else DATABASE_URL (one role for both), else the embedded server's superuser."""
    settings = settings or get_settings()
    if settings.dragonfly_migration_database_url is not None:
        return settings.dragonfly_migration_database_url.get_secret_value()
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return start_embedded(settings.dragonfly_home)


@contextmanager
def connect(url: str | None = None, *, autocommit: bool = False) -> Iterator[psycopg.Connection]:
    """A connection whose driver errors on connect come back as a DatabaseError."""
    target = url or resolve_database_url()
    try:
        conn = psycopg.connect(target, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise DatabaseError(
            f"Could not connect to the database at {redact_url(target)}: "
            f"{first_line(exc)}. "
            "Check DATABASE_URL, or run `dragonfly db up` for the embedded server."
        ) from exc
    with conn:
        yield conn


# procrastinate's job table: the jobs plane installs it, the overview reads its failures.
JOBS_TABLE = "public.procrastinate_jobs"


def table_exists(conn: psycopg.Connection, name: str) -> bool:
    """Whether `name` (optionally schema-qualified) is a table or view the connection can see."""
    row = conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()
    return bool(row and row[0])


def set_statement_timeout(conn: psycopg.Connection, seconds: float) -> None:
    """Cancel any later statement on `conn` that runs longer than `seconds` (0 = never)."""
    milliseconds = max(0, round(seconds * 1000))
    conn.execute(sql.SQL("set statement_timeout = {}").format(sql.Literal(milliseconds)))
