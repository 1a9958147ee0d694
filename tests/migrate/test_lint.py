"""Lint on the parse tree: each destructive kind refused, then allowed with a stated reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragonfly.migrate import LintFinding, lint_files
from dragonfly.migrate.files import migration_file

DESTRUCTIVE = [
    ("drop-table", "drop table old_things;"),
    ("drop-column", "alter table t drop column note;"),
    ("drop-schema", "drop schema archive cascade;"),
    ("truncate", "truncate t;"),
    ("delete-without-where", "delete from t;"),
    ("update-without-where", "update t set n = 0;"),
    ("alter-column-type", "alter table t alter column n type bigint;"),
    ("rename", "alter table t rename to u;"),
    ("rename", "alter table t rename column n to m;"),
    ("rename", "alter type mood rename value 'sad' to 'blue';"),
    (
        "delete-without-where",
        "with g as (delete from t returning id) select count(*) from g;",
    ),
]


def lint_sql(
    tmp_path: Path, text: str, name: str = "20260101000000_change.sql"
) -> list[LintFinding]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_files([migration_file(path)])


@pytest.mark.parametrize(("rule", "statement"), DESTRUCTIVE)
def test_destructive_statement_is_refused_with_its_line(
    tmp_path: Path, rule: str, statement: str
) -> None:
    findings = lint_sql(tmp_path, f"-- a change\ncreate table keep (id int);\n\n{statement}\n")
    assert [(f.rule, f.line, f.severity) for f in findings] == [(rule, 4, "error")]
    assert "dragonfly:allow-destructive" in findings[0].message
    assert str(findings[0]).startswith("20260101000000_change.sql:4:")


@pytest.mark.parametrize(("rule", "statement"), DESTRUCTIVE)
def test_destructive_statement_is_allowed_with_a_reason(
    tmp_path: Path, rule: str, statement: str
) -> None:
    text = f"-- dragonfly:allow-destructive replaced by v2, data copied in 2026111\n{statement}\n"
    findings = lint_sql(tmp_path, text)
    assert [(f.rule, f.severity) for f in findings] == [(rule, "allowed")]
    assert "replaced by v2" in findings[0].message


def test_filtered_delete_and_update_and_additive_changes_are_clean(tmp_path: Path) -> None:
    text = (
        "create table t (id int primary key, n int);\n"
        "alter table t add column note text;\n"
        "update t set n = 0 where n is null;\n"
        "delete from t where id < 0;\n"
        "drop index if exists t_n_idx;\n"
        "drop function if exists old_fn(int);\n"
        "create or replace function f() returns int language sql as $$ delete from t $$;\n"
    )
    assert lint_sql(tmp_path, text) == []


def test_annotation_without_a_reason_does_not_allow(tmp_path: Path) -> None:
    findings = lint_sql(tmp_path, "-- dragonfly:allow-destructive\ndrop table t;\n")
    assert {(f.rule, f.line, f.severity) for f in findings} == {
        ("annotation-reason", 1, "error"),
        ("drop-table", 2, "error"),
    }


def test_annotation_text_inside_a_string_is_not_an_annotation(tmp_path: Path) -> None:
    text = "select '\n-- dragonfly:allow-destructive sneaky\n';\ndrop table t;\n"
    findings = lint_sql(tmp_path, text)
    assert [(f.rule, f.line, f.severity) for f in findings] == [("drop-table", 4, "error")]


def test_misspelt_annotation_is_an_error(tmp_path: Path) -> None:
    findings = lint_sql(tmp_path, "-- dragonfly:no-transactions\nselect 1;\n")
    assert [(f.rule, f.line) for f in findings] == [("unknown-annotation", 1)]


def test_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    findings = lint_sql(tmp_path, "create table a (id int);\n\ncreate tabel b (id int);\n")
    assert [(f.rule, f.line) for f in findings] == [("parse-error", 3)]
    assert "tabel" in findings[0].message


def test_unterminated_string_is_a_parse_error(tmp_path: Path) -> None:
    findings = lint_sql(tmp_path, "select 1;\nselect 'oops;\n")
    assert [(f.rule, f.line) for f in findings] == [("parse-error", 2)]


def test_transaction_control_is_refused(tmp_path: Path) -> None:
    findings = lint_sql(tmp_path, "begin;\ncreate table a (id int);\ncommit;\n")
    assert [(f.rule, f.line) for f in findings] == [
        ("transaction-control", 1),
        ("transaction-control", 3),
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "create index concurrently t_n on t (n);",
        "drop index concurrently t_n;",
        "reindex index concurrently t_n;",
        "vacuum t;",
    ],
)
def test_statement_that_cannot_run_in_a_transaction_needs_the_header(
    tmp_path: Path, statement: str
) -> None:
    refused = lint_sql(tmp_path, f"{statement}\n")
    assert [f.rule for f in refused] == ["needs-no-transaction"]
    assert lint_sql(tmp_path, f"-- dragonfly:no-transaction\n{statement}\n") == []


def test_every_real_migration_lints_clean() -> None:
    from dragonfly.migrate import default_migrations_dir, discover

    findings = lint_files(discover(default_migrations_dir()))
    assert [str(f) for f in findings if f.severity == "error"] == []
