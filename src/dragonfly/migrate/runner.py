"""Apply pending migration files under the lock, each in its own transaction, with its history row.

A transactional file goes to the server in one round trip: the file's SQL followed by its history
insert, as one simple-protocol query, which PostgreSQL runs as one implicit transaction. Either the
file and its history row commit together, or neither does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import connect
from dragonfly.errors import ConfigError, DatabaseError
from dragonfly.migrate.errors import (
    ChecksumDrift,
    LintFailed,
    MigrationFailed,
    MissingFiles,
    OutOfOrder,
    driver_errors,
)
from dragonfly.migrate.files import MigrationFile, default_migrations_dir, discover
from dragonfly.migrate.history import (
    ensure_history_table,
    history_insert,
    read_history,
    record_checksums,
)
from dragonfly.migrate.lint import NO_TRANSACTION
from dragonfly.migrate.lock import migration_lock
from dragonfly.migrate.plan import MigrationPlan, plan_from
from dragonfly.migrate.statements import line_at

OnApplied = Callable[[MigrationFile, float], None]


def apply_migrations(
    url: str,
    directory: Path | None = None,
    *,
    lock_wait: float | None = None,
    include_all: bool = False,
    applied_by: str | None = None,
    on_applied: OnApplied | None = None,
    settings: Settings | None = None,
) -> list[str]:
    """Apply every pending file in version order under the lock; return the versions applied.

    Refuses (applying nothing) on checksum drift, missing files, out-of-order files (unless
    `include_all`) and lint errors. `lock_wait` defaults to DRAGONFLY_MIGRATE_LOCK_WAIT.
    """
    settings = settings or get_settings()
    folder = directory or default_migrations_dir()
    files = discover(folder)
    wait = settings.dragonfly_migrate_lock_wait if lock_wait is None else lock_wait
    with connect(url, autocommit=True) as conn, migration_lock(conn, wait):
        configure_session(conn, settings)
        with driver_errors("preparing the migration history"):
            ensure_history_table(conn)
            plan = plan_from(folder, files, read_history(conn), include_all=include_all)
        refuse_problems(plan)
        if plan.unrecorded_checksums:
            with driver_errors("recording checksums"):
                record_checksums(conn, plan.unrecorded_checksums)
        done: list[str] = []
        for migration in plan.pending:
            started = time.perf_counter()
            apply_file(conn, migration, applied_by)
            done.append(migration.version)
            if on_applied:
                on_applied(migration, time.perf_counter() - started)
        return done


def configure_session(conn: psycopg.Connection, settings: Settings) -> None:
    """Timeouts for this run, and abort server-side work if this process dies (PostgreSQL 14+)."""
    values = {
        "lock_timeout": ("DRAGONFLY_LOCK_TIMEOUT", settings.dragonfly_lock_timeout),
        "statement_timeout": ("DRAGONFLY_STATEMENT_TIMEOUT", settings.dragonfly_statement_timeout),
        "client_connection_check_interval": ("", "1s"),
        "application_name": ("", "dragonfly migrate"),
    }
    for parameter, (setting, value) in values.items():
        try:
            conn.execute("select set_config(%s, %s, false)", (parameter, value))
        except psycopg.Error as exc:
            raise ConfigError(
                f"{setting or parameter}={value!r} is not accepted by PostgreSQL: "
                f"{_pg_message(exc)} Use a duration such as '5s' or '500ms'."
            ) from exc


def refuse_problems(plan: MigrationPlan) -> None:
    """Raise before anything is applied when the plan has a problem."""
    if plan.drift:
        raise ChecksumDrift([f.filename for f in plan.drift])
    if plan.missing:
        raise MissingFiles([m.version for m in plan.missing])
    if plan.blocking_out_of_order:
        newest = max(a.version for a in plan.applied)
        raise OutOfOrder([f.filename for f in plan.blocking_out_of_order], newest)
    if plan.lint_errors:
        listed = "\n".join(f"  {f}" for f in plan.lint_errors)
        raise LintFailed(f"Lint refused pending migrations; nothing was applied:\n{listed}")


def apply_file(conn: psycopg.Connection, migration: MigrationFile, applied_by: str | None) -> None:
    """Apply one file and record it; raise MigrationFailed naming file, line and cause."""
    if migration.parsed.annotation(NO_TRANSACTION) is not None:
        _apply_statement_by_statement(conn, migration, applied_by)
        return
    batch = f"{migration.text}\n;\n{history_insert(conn, migration, applied_by)}"
    try:
        conn.execute(batch.encode())
    except psycopg.Error as exc:
        _raise_if_connection_lost(conn, migration, exc)
        line = _failing_line(conn, migration, exc)
        raise MigrationFailed(migration.filename, line, _pg_message(exc)) from exc


def _apply_statement_by_statement(
    conn: psycopg.Connection, migration: MigrationFile, applied_by: str | None
) -> None:
    """A no-transaction file: each statement commits on its own; the history row comes last."""
    for index, statement in enumerate(migration.parsed.statements):
        try:
            conn.execute(statement.text.encode())
        except psycopg.Error as exc:
            _raise_if_connection_lost(conn, migration, exc)
            message = _pg_message(exc)
            raise MigrationFailed(
                migration.filename, statement.line, message, partial=index > 0
            ) from exc
    with driver_errors(f"recording {migration.filename} in the migration history"):
        conn.execute(history_insert(conn, migration, applied_by).encode())


def _failing_line(
    conn: psycopg.Connection, migration: MigrationFile, exc: psycopg.Error
) -> int | None:
    """The first line of the statement that failed.

    PostgreSQL reports a character position for most errors; for the rest (constraint
    violations, division by zero) replay the statements one by one in a transaction that is
    always rolled back, and see which one fails.
    """
    position = exc.diag.statement_position
    statements = migration.parsed.statements
    if position and int(position) <= len(migration.text):
        error_line = line_at(migration.text, int(position) - 1)
        starts = [s.line for s in statements if s.line <= error_line]
        return max(starts, default=error_line)
    try:
        with conn.transaction(force_rollback=True):
            for statement in statements:
                try:
                    conn.execute(statement.text.encode())
                except psycopg.Error:
                    return statement.line
    except psycopg.Error:
        return None
    return None


def _raise_if_connection_lost(
    conn: psycopg.Connection, migration: MigrationFile, exc: psycopg.Error
) -> None:
    if conn.broken or conn.closed:
        raise DatabaseError(
            f"The database connection was lost while applying {migration.filename}: "
            f"{_pg_message(exc)} Run `dragonfly migrate status` to see whether it was recorded."
        ) from exc


def _pg_message(exc: psycopg.Error) -> str:
    diag = exc.diag
    primary = diag.message_primary or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    parts = [primary.rstrip(".") + "."]
    if diag.message_detail:
        parts.append(diag.message_detail)
    if diag.message_hint:
        parts.append(f"Hint: {diag.message_hint}")
    return " ".join(parts)
