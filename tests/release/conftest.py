"""Fixtures for release tests: a dev and a production database, local stand-ins for the cloud,
and a release.toml + environment pointing at them."""

from __future__ import annotations

import queue
import shutil
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from dragonfly.migrate import default_migrations_dir
from dragonfly.release import ReleaseReport, load_release_config, run_release
from dragonfly.release.pipeline import StepCallback

from .servers import Cloud, running_cloud

COMMIT = "5f3c9a1e2b7d4c6f8a0e1d2c3b4a5f6e7d8c9b0a"
OLD_COMMIT = "0123456789abcdef0123456789abcdef01234567"
PASSING_TESTS = f'"{sys.executable}" -c "import sys; sys.exit(0)"'


def url_for(admin_url: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(admin_url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)


class _Dropper:
    """Drops finished test databases on a background thread: DROP DATABASE waits for a
    checkpoint, which on a busy shared server takes seconds a test should not spend."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while (name := self.queue.get()) is not None:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                drop = sql.SQL("drop database if exists {} with (force)")
                conn.execute(drop.format(sql.Identifier(name)))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=120)


@pytest.fixture(scope="session")
def dropper(server_admin_url: str) -> Iterator[_Dropper]:
    worker = _Dropper(server_admin_url)
    yield worker
    worker.close()


def _fresh_database(admin_url: str, template: str | None, dropper: _Dropper) -> Iterator[str]:
    name = f"rel_{uuid.uuid4().hex[:12]}"
    create = sql.SQL("create database {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" template {}").format(sql.Identifier(template))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(create)
    yield url_for(admin_url, name)
    dropper.queue.put(name)


@pytest.fixture(scope="session")
def dev_url(server_admin_url: str, template_db: str, dropper: _Dropper) -> Iterator[str]:
    """The dev database: shared, since the release only hands its URL to the test command."""
    yield from _fresh_database(server_admin_url, template_db, dropper)


@pytest.fixture
def prod_url(server_admin_url: str, template_db: str, dropper: _Dropper) -> Iterator[str]:
    """Production as it is today: every shipped migration applied."""
    yield from _fresh_database(server_admin_url, template_db, dropper)


@pytest.fixture
def empty_prod_url(server_admin_url: str, dropper: _Dropper) -> Iterator[str]:
    """A brand-new production database: every migration is pending."""
    yield from _fresh_database(server_admin_url, None, dropper)


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    with running_cloud() as stand_in:
        stand_in.released_commit = COMMIT
        stand_in.version_commit = {"backend": OLD_COMMIT, "dashboard": OLD_COMMIT}
        yield stand_in


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    """A copy of the shipped migrations, to which a test adds its own newer files."""
    folder = tmp_path / "migrations"
    shutil.copytree(default_migrations_dir(), folder)
    return folder


def add_migration(folder: Path, version: str, name: str, text: str) -> str:
    """Write a test migration with a far-future version so it sorts after every real one."""
    filename = f"{version}_{name}.sql"
    (folder / filename).write_text(text, encoding="utf-8")
    return filename


CONFIG = """
project = "Dragonfly"
[databases]
dev_url_env = "SUPABASE_DB_URL_DEV"
prod_url_env = "SUPABASE_DB_URL_PROD"
[tests]
command = '''{test_command}'''
timeout_seconds = 60
{tests_extra}
[migrations]
directory = "{migrations}"
lock_wait_seconds = 5
[lock]
wait_seconds = {lock_wait}
[[deploy]]
name = "backend"
label = "backend (Railway)"
kind = "webhook"
url_env = "RAILWAY_DEPLOY_WEBHOOK"
timeout_seconds = 2
retries = 0
[deploy.verify]
url_env = "DRAGONFLY_BACKEND_VERSION_URL"
timeout_seconds = {verify_timeout}
interval_seconds = 0.1
request_timeout_seconds = 1
[[deploy]]
name = "dashboard"
label = "dashboard (Vercel)"
kind = "webhook"
url_env = "VERCEL_DEPLOY_WEBHOOK"
timeout_seconds = 2
retries = 0
[deploy.verify]
url = "{base}/version/dashboard"
timeout_seconds = {verify_timeout}
interval_seconds = 0.1
request_timeout_seconds = 1
[[notify]]
kind = "discord"
url_env = "DISCORD_WEBHOOK_URL"
timeout_seconds = 0.5
retries = 2
max_retry_wait_seconds = 1
[[notify]]
kind = "webhook"
url_env = "RELEASE_NOTIFY_WEBHOOK_URL"
timeout_seconds = 1
retries = 0
{extra}
"""


@dataclass
class Release:
    """One test's release setup: edit `environ` or the config fields, then `run()`."""

    tmp: Path
    cloud: Cloud
    migrations: Path
    environ: dict[str, str]
    test_command: str = PASSING_TESTS
    lock_wait: float = 2
    verify_timeout: float = 0.5
    tests_extra: str = ""  # more lines for [tests]
    extra: str = ""  # more tables at the end of the file
    home: Path = field(init=False)

    def __post_init__(self) -> None:
        self.home = self.tmp / "home"

    def config_path(self) -> Path:
        path = self.tmp / "release.toml"
        path.write_text(
            CONFIG.format(
                test_command=self.test_command,
                migrations=self.migrations.as_posix(),
                lock_wait=self.lock_wait,
                verify_timeout=self.verify_timeout,
                base=self.cloud.base_url,
                tests_extra=self.tests_extra,
                extra=self.extra,
            ),
            encoding="utf-8",
        )
        return path

    def run(self, on_step: StepCallback | None = None) -> ReleaseReport:
        config = load_release_config(self.config_path())
        return run_release(config, self.environ, home=self.home, on_step=on_step)


def base_environ(cloud: Cloud, dev: str, prod: str) -> dict[str, Any]:
    import os

    return {
        "PATH": os.environ.get("PATH", ""),
        "GITHUB_SHA": COMMIT,
        "GITHUB_ACTOR": "dana-dev",
        "GITHUB_REF_NAME": "main",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "example/dragonfly",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_EVENT_NAME": "push",
        "SUPABASE_DB_URL_DEV": dev,
        "SUPABASE_DB_URL_PROD": prod,
        "RAILWAY_DEPLOY_WEBHOOK": f"{cloud.base_url}/hooks/backend/railway-hook-id-0001",
        "VERCEL_DEPLOY_WEBHOOK": f"{cloud.base_url}/hooks/dashboard/vercel-hook-id-0002",
        "DRAGONFLY_BACKEND_VERSION_URL": f"{cloud.base_url}/version/backend",
        "DISCORD_WEBHOOK_URL": f"{cloud.base_url}/discord/123/discord-token-0003",
        "RELEASE_NOTIFY_WEBHOOK_URL": f"{cloud.base_url}/notify",
    }


@pytest.fixture
def release(tmp_path: Path, cloud: Cloud, migrations: Path, dev_url: str, prod_url: str) -> Release:
    return Release(tmp_path, cloud, migrations, base_environ(cloud, dev_url, prod_url))


def snapshot(url: str) -> dict[str, Any]:
    """Production's schema and data, enough to prove nothing changed: catalog rows, every
    function's source, the migration ledger and each table's row count (release records aside,
    since recording the run is the one write a stopped release makes)."""
    queries = {
        "columns": """select table_schema, table_name, column_name, data_type, is_nullable,
                      column_default from information_schema.columns
                      where table_schema not in ('pg_catalog', 'information_schema')
                      order by 1, 2, 3""",
        "indexes": "select schemaname, indexname, indexdef from pg_indexes "
        "where schemaname not in ('pg_catalog') order by 1, 2",
        "constraints": """select conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                          from pg_constraint where connamespace::regnamespace::text
                          not in ('pg_catalog', 'information_schema') order by 1, 2""",
        "functions": """select p.oid::regprocedure::text, md5(p.prosrc) from pg_proc p
                        where p.pronamespace::regnamespace::text
                        not in ('pg_catalog', 'information_schema') order by 1""",
        "types": """select t.typname, array_agg(e.enumlabel order by e.enumsortorder)
                    from pg_type t join pg_enum e on e.enumtypid = t.oid group by 1 order by 1""",
    }
    with psycopg.connect(url, autocommit=True) as conn:
        result: dict[str, Any] = {k: conn.execute(q).fetchall() for k, q in queries.items()}
        tables = conn.execute(
            """select schemaname, tablename from pg_tables
               where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2"""
        ).fetchall()
        counts = {}
        for schema, table in tables:
            if table in ("release_runs", "release_steps"):
                continue
            query = sql.SQL("select count(*) from {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            row = conn.execute(query).fetchone()
            counts[f"{schema}.{table}"] = row[0] if row else None
        result["counts"] = counts
        if conn.execute("select to_regclass('supabase_migrations.schema_migrations')").fetchone()[
            0
        ]:
            result["ledger"] = conn.execute(
                "select version, checksum from supabase_migrations.schema_migrations order by 1"
            ).fetchall()
    return result


def release_rows(url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Everything recorded about release runs in `url`."""
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor(row_factory=dict_row) as cur:
        runs = cur.execute("select * from release_runs order by id").fetchall()
        steps = cur.execute("select * from release_steps order by run_id, position").fetchall()
    return runs, steps
