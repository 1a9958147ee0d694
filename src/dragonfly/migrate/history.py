"""The migration history: Supabase CLI's `supabase_migrations.schema_migrations`, plus checksum and
who/when. (Money has a ledger; migrations have a history.)

The Supabase CLI creates (version text primary key, statements text[], name text) and records
what `supabase db push` applied; Dragonfly adds three nullable columns, so either tool can follow
the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

from dragonfly.migrate.files import MigrationFile

HISTORY_TABLE = "supabase_migrations.schema_migrations"

ENSURE_LEDGER = """
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

# The history may predate our columns (made by the Supabase CLI): read them only when present.
LEDGER_COLUMNS = """
select array_agg(attname::text) from pg_attribute
where attrelid = to_regclass('supabase_migrations.schema_migrations')
  and attnum > 0 and not attisdropped
"""

INSERT_ROW = sql.SQL(
    "insert into supabase_migrations.schema_migrations"
    " (version, name, statements, checksum, applied_by)"
    " values ({version}, {name}, {statements}::text[], {checksum}, {applied_by})"
)


@dataclass(frozen=True)
class AppliedMigration:
    version: str
    name: str | None
    checksum: str | None
    applied_at: datetime | None
    applied_by: str | None


OUR_COLUMNS = frozenset({"version", "statements", "name", "checksum", "applied_at", "applied_by"})


def ensure_history_table(conn: psycopg.Connection) -> None:
    """Create the history, or add our columns to the Supabase CLI's one. Run under the lock."""
    if not _history_columns(conn) >= OUR_COLUMNS:
        conn.execute(ENSURE_LEDGER.encode())


def _history_columns(conn: psycopg.Connection) -> set[str]:
    row = conn.execute(LEDGER_COLUMNS).fetchone()
    return set(row[0] or ()) if row else set()


def read_history(conn: psycopg.Connection) -> list[AppliedMigration]:
    """Every applied migration in version order; empty when there is no history table yet."""
    columns = _history_columns(conn)
    if not columns:
        return []
    wanted = ("name", "checksum", "applied_at", "applied_by")
    picks = [sql.Identifier(c) if c in columns else sql.SQL("null") for c in wanted]
    query = sql.SQL("select version, {} from supabase_migrations.schema_migrations").format(
        sql.SQL(", ").join(picks)
    )
    rows = conn.execute(query).fetchall()
    return sorted((AppliedMigration(*r) for r in rows), key=lambda a: a.version)


def applied_schema_version(conn: psycopg.Connection) -> str | None:
    """The newest applied migration version, or None when nothing was ever applied."""
    exists = conn.execute("select to_regclass(%s) is not null", (HISTORY_TABLE,)).fetchone()
    if not exists or not exists[0]:
        return None
    row = conn.execute("select max(version) from supabase_migrations.schema_migrations").fetchone()
    return row[0] if row else None


def history_insert(
    conn: psycopg.Connection, migration: MigrationFile, applied_by: str | None
) -> str:
    """The history row as one SQL statement, values quoted by psycopg, to send with the file."""
    values = {
        "version": sql.Literal(migration.version),
        "name": sql.Literal(migration.name),
        "statements": sql.Literal([s.text for s in migration.parsed.statements]),
        "checksum": sql.Literal(migration.checksum),
        "applied_by": sql.Literal(applied_by) if applied_by else sql.SQL("current_user"),
    }
    return INSERT_ROW.format(**values).as_string(conn)


def record_checksums(conn: psycopg.Connection, files: list[MigrationFile]) -> None:
    """Adopt the current checksum for rows applied by a tool that recorded none."""
    with conn.cursor() as cur:
        cur.executemany(
            "update supabase_migrations.schema_migrations set checksum = %s"
            " where version = %s and checksum is null",
            [(f.checksum, f.version) for f in files],
        )
