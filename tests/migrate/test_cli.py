"""`dragonfly migrate ...` as people and scripts use it: output, JSON, exit codes, bad input."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragonfly.cli.main import app, run
from dragonfly.migrate import apply_migrations

from .conftest import RunCli, WriteMigration

Entry = Callable[..., tuple[int, str, str]]

A = "20260101000000_create_a"
B = "20260102000000_create_b"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["migrate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def half_applied(empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration) -> str:
    """A database with A applied and B pending."""
    write_migration(A, "create table a (id int);")
    apply_migrations(empty_db_url, migrations_dir)
    write_migration(B, "create table b (id int);")
    return empty_db_url


def test_status_lists_applied_and_pending(half_applied: str, migrations_dir: Path) -> None:
    where = ("--database-url", half_applied, "--dir", str(migrations_dir))
    code, out = invoke("status", *where, "--json")
    assert code == 0
    rows = json.loads(out)["migrations"]
    assert [(r["version"], r["state"]) for r in rows] == [(A[:14], "applied"), (B[:14], "pending")]
    assert rows[0]["applied_at"] and rows[0]["applied_by"] == "postgres"
    assert rows[1]["applied_at"] is None

    code, out = invoke("status", *where)
    assert code == 0
    assert "1 applied, 1 pending." in out


def test_plan_shows_pending_and_exits_1_on_problems(
    half_applied: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    where = ("--database-url", half_applied, "--dir", str(migrations_dir))
    code, out = invoke("plan", *where, "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["ok"] is True
    assert [p["file"] for p in plan["pending"]] == [f"{B}.sql"]

    write_migration(B, "create table b (id int);\ntruncate a;")
    code, out = invoke("plan", *where, "--json")
    assert code == 1
    finding = json.loads(out)["lint_findings"][0]
    assert (finding["file"], finding["line"], finding["rule"]) == (f"{B}.sql", 2, "truncate")

    code, out = invoke("plan", *where)
    assert code == 1
    assert f"{B}.sql" in out and "Apply would refuse." in out


def test_apply_then_verify(half_applied: str, migrations_dir: Path) -> None:
    where = ("--database-url", half_applied, "--dir", str(migrations_dir))
    code, out = invoke("apply", *where, "--json")
    assert code == 0
    assert [m["file"] for m in json.loads(out)["applied"]] == [f"{B}.sql"]
    code, out = invoke("apply", *where)
    assert code == 0 and "Nothing to apply" in out

    code, out = invoke("verify", *where, "--json")
    assert code == 0
    assert json.loads(out) == {
        "ok": True,
        "checked": 2,
        "drift": [],
        "missing": [],
        "unrecorded_checksums": [],
    }

    (migrations_dir / f"{A}.sql").write_text("create table a (id bigint);", encoding="utf-8")
    code, out = invoke("verify", *where, "--json")
    assert code == 1
    assert json.loads(out)["drift"] == [f"{A}.sql"]
    code, out = invoke("verify", *where)
    assert code == 1 and f"{A}.sql" in out and "problems found" in out


def test_lint_folder_and_named_file(migrations_dir: Path, write_migration: WriteMigration) -> None:
    write_migration(A, "create table a (id int);")
    bad = write_migration(B, "delete from a;")
    code, out = invoke("lint", "--dir", str(migrations_dir), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False and report["files"] == 2
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("delete-without-where", 1)]

    code, out = invoke("lint", str(migrations_dir / f"{A}.sql"))
    assert code == 0 and "1 file(s) linted: clean." in out
    bad.write_text("-- dragonfly:allow-destructive clearing test rows\ndelete from a;\n")
    code, out = invoke("lint", str(bad))
    assert code == 0 and "allowed" in out


def test_new_creates_a_timestamped_file_that_sorts_last(
    migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration("29991231235959_far_future", "select 1;")
    code, out = invoke("new", "add_payment_index", "--dir", str(migrations_dir))
    assert code == 0
    created = sorted(migrations_dir.glob("*.sql"))[-1]
    assert created.name == "30000101000000_add_payment_index.sql"
    assert created.name in out.replace("\n", "")
    assert created.read_text().startswith("-- add payment index:")


# Failures go through the console-script entry point (in process, to keep them fast; the last
# test runs a real process): one message, the documented exit code, no traceback.


@pytest.fixture
def entry(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Entry:
    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["dragonfly", "migrate", *args])
        with pytest.raises(SystemExit) as exited:
            run()
        captured = capsys.readouterr()
        code = exited.value.code
        return code if isinstance(code, int) else 1, captured.out, captured.err

    return call


def test_missing_folder_exits_2(entry: Entry, tmp_path: Path) -> None:
    code, _, err = entry("lint", "--dir", str(tmp_path / "nowhere"))
    assert code == 2
    assert "nowhere does not exist" in err
    assert "Traceback" not in err


def test_misnamed_file_exits_2(
    entry: Entry, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration("add_things", "select 1;")
    code, _, err = entry("plan", "--dir", str(migrations_dir), "--database-url", "x")
    assert code == 2
    assert "add_things.sql is not named <14-digit UTC timestamp>_<snake_name>.sql" in err


def test_bad_name_for_new_exits_2(entry: Entry, migrations_dir: Path) -> None:
    code, _, err = entry("new", "Add-Things", "--dir", str(migrations_dir))
    assert code == 2
    assert "is not a snake_case name" in err
    assert list(migrations_dir.iterdir()) == []


def test_failed_migration_exits_4_with_file_and_line_as_json(
    entry: Entry, empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);\ninsert into a values ('x');")
    args = ("--database-url", empty_db_url, "--dir", str(migrations_dir))
    code, out, _ = entry("apply", *args, "--json")
    assert code == 4
    error = json.loads(out)["error"]
    assert error["code"] == "migration_failed"
    assert f"{A}.sql failed at line 2" in error["message"]
    assert "invalid input syntax for type integer" in error["message"]


def test_lint_refusal_exits_1(
    entry: Entry, empty_db_url: str, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);\nalter table a rename to b;")
    args = ("--database-url", empty_db_url, "--dir", str(migrations_dir))
    code, _, err = entry("apply", *args)
    assert code == 1
    assert f"{A}.sql:2: rename" in err
    assert "nothing was applied" in err


def test_unreachable_database_exits_3_without_the_password(
    run_cli: RunCli, migrations_dir: Path, write_migration: WriteMigration
) -> None:
    write_migration(A, "create table a (id int);")
    url = "postgresql://app:hunter2secret@127.0.0.1:1/nope"
    result = run_cli("migrate", "status", "--database-url", url, "--dir", str(migrations_dir))
    assert result.returncode == 3
    assert "Could not connect to the database" in result.stderr
    assert "hunter2secret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
