"""Checksums: an edited applied file is refused by plan, apply and verify; CRLF is not an edit."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from dragonfly.migrate import ChecksumDrift, MissingFiles, apply_migrations, build_plan

from .conftest import WriteMigration
from .schema_probe import history_versions, table_exists

A = "20260101000000_create_a"
B = "20260102000000_create_b"
A_SQL = "-- the a table\ncreate table a (id int);\ncomment on table a is 'letters';\n"


def test_edited_applied_file_is_drift_and_apply_refuses(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    path = write_migration(A, A_SQL)
    apply_migrations(empty_db_url, migrations_dir)
    path.write_text(A_SQL + "create index a_id on a (id);\n", encoding="utf-8")
    write_migration(B, "create table b (id int);")

    plan = build_plan(empty_db_url, migrations_dir)
    assert [f.filename for f in plan.drift] == [f"{A}.sql"]
    assert not plan.ok
    with pytest.raises(ChecksumDrift) as failure:
        apply_migrations(empty_db_url, migrations_dir)
    assert failure.value.files == [f"{A}.sql"]
    assert failure.value.exit_code == 1
    assert not table_exists(empty_db_url, "b")


def test_line_ending_change_alone_is_not_drift(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    path = write_migration(A, A_SQL)
    apply_migrations(empty_db_url, migrations_dir)
    path.write_bytes(A_SQL.replace("\n", "\r\n").encode("utf-8"))
    assert b"\r\n" in path.read_bytes()

    plan = build_plan(empty_db_url, migrations_dir)
    assert plan.drift == [] and plan.ok
    write_migration(B, "create table b (id int);")
    assert apply_migrations(empty_db_url, migrations_dir) == [B[:14]]


def test_applied_version_without_its_file_is_reported_and_refused(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, A_SQL)
    path_b = write_migration(B, "create table b (id int);")
    apply_migrations(empty_db_url, migrations_dir)
    path_b.unlink()

    assert [m.version for m in build_plan(empty_db_url, migrations_dir).missing] == [B[:14]]
    with pytest.raises(MissingFiles) as failure:
        apply_migrations(empty_db_url, migrations_dir)
    assert B[:14] in failure.value.message


def test_history_made_by_the_supabase_cli_is_adopted(
    empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    """`supabase db push` ran A: its history has no checksum columns; apply adds them."""
    write_migration(A, A_SQL)
    write_migration(B, "create table b (id int);")
    with psycopg.connect(empty_db_url) as conn:
        conn.execute(A_SQL)
        conn.execute(
            "create schema supabase_migrations;"
            "create table supabase_migrations.schema_migrations"
            " (version text primary key, statements text[], name text);"
            f"insert into supabase_migrations.schema_migrations values ('{A[:14]}', null, 'a')"
        )
    plan = build_plan(empty_db_url, migrations_dir)
    assert [f.filename for f in plan.pending] == [f"{B}.sql"]
    assert [f.filename for f in plan.unrecorded_checksums] == [f"{A}.sql"]

    assert apply_migrations(empty_db_url, migrations_dir) == [B[:14]]
    assert history_versions(empty_db_url) == [A[:14], B[:14]]
    after = build_plan(empty_db_url, migrations_dir)
    assert after.unrecorded_checksums == [] and after.ok
