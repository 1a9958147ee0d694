"""Apply pending migration files, each in its own transaction, recording them in the ledger."""

from __future__ import annotations

from pathlib import Path

import psycopg

from dragonfly.core.database import connect
from dragonfly.errors import DragonflyError
from dragonfly.migrate.files import MigrationFile, default_migrations_dir, discover

LEDGER_DDL = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
alter table supabase_migrations.schema_migrations
  add column if not exists checksum text,
  add column if not exists applied_at timestamptz default now(),
  add column if not exists applied_by text default current_user;
"""


class MigrationFailed(DragonflyError):
    exit_code = 4
    code = "migration_failed"


def applied_versions(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute("select version from supabase_migrations.schema_migrations").fetchall()
    return {r[0] for r in rows}


def apply_file(conn: psycopg.Connection, migration: MigrationFile) -> None:
    with conn.transaction():
        conn.execute(migration.text.encode())
        conn.execute(
            "insert into supabase_migrations.schema_migrations"
            " (version, name, statements, checksum) values (%s, %s, %s, %s)",
            (migration.version, migration.name, [migration.text], migration.checksum),
        )


def apply_migrations(url: str, directory: Path | None = None) -> list[str]:
    """Apply every pending file in version order; return the versions applied."""
    files = discover(directory or default_migrations_dir())
    done: list[str] = []
    with connect(url, autocommit=True) as conn:
        conn.execute(LEDGER_DDL.encode())
        applied = applied_versions(conn)
        for migration in files:
            if migration.version in applied:
                continue
            try:
                apply_file(conn, migration)
            except psycopg.Error as exc:
                raise MigrationFailed(f"{migration.path.name} failed: {exc}") from exc
            done.append(migration.version)
    return done
