"""The app's database role reads and writes what the app needs, and can break none of the rules
that the ledger's and the audit log's triggers alone used to guard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.config import Settings
from dragonfly.core.database import resolve_database_url, resolve_migration_url
from dragonfly.core.roles import APP_ROLE, connected_role, with_user
from dragonfly.errors import DatabaseError
from dragonfly.migrate.job_schema import ensure_job_schema

REPO = Path(__file__).resolve().parents[2]

REFUSED_TO_THE_APP = [
    "truncate ledger_entries",
    "truncate audit_events",
    "truncate judgments",
    "update ledger_entries set amount = 0",
    "delete from ledger_entries",
    "update audit_events set actor = 'nobody'",
    "delete from audit_events",
    "delete from judgments",
    "delete from debtor_assets",
    "alter table ledger_entries disable trigger ledger_entries_append_only",
    "alter table audit_events disable trigger all",
    "drop trigger ledger_entries_append_only on ledger_entries",
    "drop table audit_events",
    "set session_replication_role = replica",
    "create table public.app_made (id int)",
    "insert into supabase_migrations.schema_migrations (version) values ('99999999999999')",
    "insert into ny_counties (code, name, fips) values ('NOWHERE', 'Nowhere', '36999')",
]


@pytest.fixture
def app(app_db_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(app_db_url, autocommit=True) as conn:
        yield conn


def _seed_history(db: psycopg.Connection) -> None:
    judgment = db.execute(
        "insert into judgments (court_code, court_name, index_number, index_number_norm,"
        " entry_date, principal) values ('NYC-CIV-KINGS', 'Kings County Civil Court',"
        " '7/2024', '7/2024', '2024-01-02', 1000.00) returning id"
    ).fetchone()
    assert judgment is not None
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 50.00, '2024-02-01', 'ops@example.com')",
        (judgment[0],),
    )
    db.execute(
        "insert into audit_events (actor, action, entity, entity_id)"
        " values ('ops@example.com', 'test', 'judgment', %s)",
        (str(judgment[0]),),
    )


@pytest.mark.parametrize("statement", REFUSED_TO_THE_APP)
def test_the_app_role_cannot_rewrite_history_or_turn_off_its_guards(
    db: psycopg.Connection, app: psycopg.Connection, statement: str
) -> None:
    _seed_history(db)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)
    counts = db.execute(
        "select (select count(*) from ledger_entries), (select count(*) from audit_events),"
        " (select count(*) from judgments)"
    ).fetchone()
    assert counts == (1, 1, 1)


def test_the_app_role_is_neither_superuser_nor_owner(app: psycopg.Connection) -> None:
    role = connected_role(app)
    member = app.execute("select pg_has_role(current_user, %s, 'member')", (APP_ROLE,))
    assert member.fetchone() == (True,)
    assert not role.can_bypass_history_rules
    assert role.warning() is None


def test_an_owner_or_superuser_connection_is_warned_about(db: psycopg.Connection) -> None:
    warning = connected_role(db).warning()
    assert warning is not None and "DRAGONFLY_MIGRATION_DATABASE_URL" in warning


def test_the_app_role_writes_what_the_app_writes(
    db: psycopg.Connection, app: psycopg.Connection
) -> None:
    _seed_history(db)
    judgment = app.execute("select id from judgments").fetchone()
    assert judgment is not None
    app.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', 25.00, '2024-03-01', 'ops@example.com')",
        judgment,
    )
    app.execute("update judgments set status = 'on_hold' where id = %s", judgment)
    app.execute("insert into overview_snapshots (payload) values ('{}')")
    app.execute("delete from overview_snapshots")
    app.execute("create temporary table staging (id int)")  # imports stage in temp tables
    app.execute("select count(*) from release_runs")
    version = app.execute("select max(version) from supabase_migrations.schema_migrations")
    assert version.fetchone() is not None


def test_tables_made_by_later_migrations_are_granted_to_the_app(
    db: psycopg.Connection, app: psycopg.Connection
) -> None:
    db.execute("create table later_feature (id bigint generated always as identity, note text)")
    app.execute("insert into later_feature (note) values ('written by the app')")
    row = app.execute("select note from later_feature").fetchone()
    assert row == ("written by the app",)


def test_job_tables_missing_for_the_app_say_to_migrate_as_owner(
    db_url: str, app_db_url: str
) -> None:
    with pytest.raises(DatabaseError, match="dragonfly migrate apply"):
        ensure_job_schema(app_db_url)
    assert ensure_job_schema(db_url) is True  # the owner installs them
    with psycopg.connect(app_db_url, autocommit=True) as app:
        app.execute(
            "insert into procrastinate_jobs (queue_name, task_name, args)"
            " values ('default', 'dragonfly.test', '{}')"
        )
        row = app.execute("select count(*) from procrastinate_jobs").fetchone()
    assert row == (1,)


def test_the_migration_is_safe_to_replay_while_the_role_exists(
    server_admin_url: str, empty_db_url: str
) -> None:
    from dragonfly.migrate import apply_migrations

    assert apply_migrations(empty_db_url)  # the role is already there: not an error
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        granted = conn.execute(
            "select has_table_privilege(%s, 'judgments', 'update'),"
            " has_table_privilege(%s, 'ledger_entries', 'update')",
            (APP_ROLE, APP_ROLE),
        ).fetchone()
    assert granted == (True, False)


def test_one_url_still_serves_both_roles(tmp_path: Path) -> None:
    url = "postgresql://owner:pw@db.example.com:5432/app"
    settings = Settings(database_url=url, dragonfly_home=tmp_path)
    assert resolve_database_url(settings) == url
    assert resolve_migration_url(settings) == url
    owner = "postgresql://postgres:pw2@db.example.com:5432/app"
    split = Settings(
        database_url=url, dragonfly_migration_database_url=owner, dragonfly_home=tmp_path
    )
    assert (resolve_database_url(split), resolve_migration_url(split)) == (url, owner)


@pytest.mark.skipif(
    bool(os.environ.get("DRAGONFLY_TEST_DATABASE_URL")), reason="the embedded server's roles"
)
def test_the_embedded_server_runs_the_app_as_the_app_role(server_admin_url: str) -> None:
    settings = Settings(dragonfly_home=REPO / ".dragonfly" / "test")
    with psycopg.connect(resolve_database_url(settings), autocommit=True) as app:
        assert connected_role(app).name == APP_ROLE
        assert not connected_role(app).superuser
    with psycopg.connect(resolve_migration_url(settings), autocommit=True) as owner:
        assert connected_role(owner).superuser


def test_the_app_url_keeps_its_form_and_drops_the_owners_password() -> None:
    owner = "postgresql://postgres:s3cret@db.example.com:5432/postgres?sslmode=require"
    assert with_user(owner, APP_ROLE) == (
        "postgresql://dragonfly_app@db.example.com:5432/postgres?sslmode=require"
    )
    assert with_user(owner, "app", "p@ss") == (
        "postgresql://app:p%40ss@db.example.com:5432/postgres?sslmode=require"
    )
    assert "s3cret" not in with_user("host=/tmp user=postgres password=s3cret", APP_ROLE)
