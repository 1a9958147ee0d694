"""Applying files: one transaction each, failures named by file and line, order and timeouts."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.config import Settings
from dragonfly.errors import ConfigError
from dragonfly.migrate import (
    LintFailed,
    MigrationFailed,
    OutOfOrder,
    apply_migrations,
    build_plan,
    newest_file_version,
)

from .conftest import WriteMigration
from .schema_probe import history_versions, table_exists

A = "20260101000000_create_a"
B = "20260102000000_create_b"
C = "20260103000000_create_c"


def test_files_apply_in_version_order_and_are_recorded(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(C, "insert into a values (3);")
    write_migration(A, "create table a (id int primary key);")
    write_migration(B, "insert into a values (2);\ninsert into a values (20);")

    assert apply_migrations(empty_db_url, migrations_dir) == [A[:14], B[:14], C[:14]]
    assert newest_file_version(migrations_dir) == C[:14]
    with psycopg.connect(empty_db_url) as conn:
        ids = [r[0] for r in conn.execute("select id from a order by id").fetchall()]
        ledger = conn.execute(
            "select name, statements, checksum, applied_by, applied_at is not null"
            " from supabase_migrations.schema_migrations where version = %s",
            (B[:14],),
        ).fetchone()
    assert ids == [2, 3, 20]
    assert ledger is not None
    assert ledger[0] == "create_b"
    assert ledger[1] == ["insert into a values (2)", "insert into a values (20)"]
    assert len(ledger[2]) == 64 and ledger[3] and ledger[4]


def test_failed_file_leaves_no_trace_and_names_file_and_line(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    write_migration(
        B,
        "-- b and its data\ncreate table b (id int);\ninsert into b values (1);\n\n"
        "select *\n  from no_such_table;\ncreate table b2 (id int);\n",
    )
    write_migration(C, "create table c (id int);")

    with pytest.raises(MigrationFailed) as failure:
        apply_migrations(empty_db_url, migrations_dir)

    assert failure.value.file == f"{B}.sql"
    assert failure.value.line == 5  # the failing statement starts on line 5
    assert 'relation "no_such_table" does not exist' in failure.value.pg_message
    assert failure.value.exit_code == 4
    assert f"{B}.sql failed at line 5" in failure.value.message
    assert history_versions(empty_db_url) == [A[:14]]
    assert table_exists(empty_db_url, "a")
    assert not table_exists(empty_db_url, "b")
    assert not table_exists(empty_db_url, "c")


def test_failure_without_a_position_still_finds_the_statement(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(
        A,
        "create table a (id int primary key);\ninsert into a values (1);\n"
        "insert into a\n  values (1);\n",
    )
    with pytest.raises(MigrationFailed) as failure:
        apply_migrations(empty_db_url, migrations_dir)
    assert failure.value.line == 3
    assert "duplicate key" in failure.value.pg_message
    assert not table_exists(empty_db_url, "a")
    assert history_versions(empty_db_url) == []


def test_lint_error_in_any_pending_file_applies_nothing(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    write_migration(B, "create table b (id int);\ndrop table a;")

    with pytest.raises(LintFailed) as failure:
        apply_migrations(empty_db_url, migrations_dir)

    assert f"{B}.sql:2: drop-table" in failure.value.message
    assert not table_exists(empty_db_url, "a")
    assert history_versions(empty_db_url) == []


def test_older_pending_file_is_refused_unless_include_all(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    write_migration(C, "create table c (id int);")
    apply_migrations(empty_db_url, migrations_dir)
    write_migration(B, "create table b (id int);")

    with pytest.raises(OutOfOrder) as failure:
        apply_migrations(empty_db_url, migrations_dir)
    assert f"{B}.sql" in failure.value.message and "--include-all" in failure.value.message
    assert not table_exists(empty_db_url, "b")
    assert build_plan(empty_db_url, migrations_dir).ok is False
    assert build_plan(empty_db_url, migrations_dir, include_all=True).ok is True

    assert apply_migrations(empty_db_url, migrations_dir, include_all=True) == [B[:14]]
    assert table_exists(empty_db_url, "b")


def test_no_transaction_file_builds_an_index_concurrently(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int, n int);\ninsert into a values (1, 2);")
    write_migration(
        B,
        "-- dragonfly:no-transaction\n"
        "create index concurrently if not exists a_n_idx on a (n);\n"
        "create index concurrently if not exists a_id_idx on a (id);\n",
    )
    assert apply_migrations(empty_db_url, migrations_dir) == [A[:14], B[:14]]
    with psycopg.connect(empty_db_url) as conn:
        rows = conn.execute(
            "select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
            " where i.indrelid = 'a'::regclass order by 1"
        ).fetchall()
    assert rows == [("a_id_idx", True), ("a_n_idx", True)]


def test_lock_timeout_stops_a_file_waiting_on_a_busy_table(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    apply_migrations(empty_db_url, migrations_dir)
    write_migration(B, "alter table a add column n int;")
    settings = Settings(dragonfly_lock_timeout="300ms")

    with psycopg.connect(empty_db_url) as holder:
        holder.execute("lock table a in access share mode")  # a reader in a long transaction
        started = time.monotonic()
        with pytest.raises(MigrationFailed) as failure:
            apply_migrations(empty_db_url, migrations_dir, settings=settings)
        waited = time.monotonic() - started

    assert "lock timeout" in failure.value.pg_message
    assert failure.value.line == 1
    assert waited < 5
    assert history_versions(empty_db_url) == [A[:14]]


def test_statement_timeout_is_applied(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);\nselect pg_sleep(10);")
    settings = Settings(dragonfly_statement_timeout="300ms")
    with pytest.raises(MigrationFailed) as failure:
        apply_migrations(empty_db_url, migrations_dir, settings=settings)
    assert "statement timeout" in failure.value.pg_message
    assert failure.value.line == 2
    assert not table_exists(empty_db_url, "a")


def test_malformed_timeout_setting_is_a_config_error(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    with pytest.raises(ConfigError) as failure:
        apply_migrations(
            empty_db_url, migrations_dir, settings=Settings(dragonfly_lock_timeout="soon")
        )
    assert "DRAGONFLY_LOCK_TIMEOUT='soon'" in failure.value.message
    assert not table_exists(empty_db_url, "a")
