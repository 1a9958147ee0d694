"""Files on disk: names, versions, encodings, and what the parser makes of them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dragonfly.errors import ConfigError, InputError
from dragonfly.migrate import discover, lint_files, new_migration_file, newest_file_version
from dragonfly.migrate.files import migration_file

NOON = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


def test_two_files_with_one_version_are_refused(migrations_dir: Path) -> None:
    (migrations_dir / "20260101000000_a.sql").write_text("select 1;")
    (migrations_dir / "20260101000000_b.sql").write_text("select 2;")
    with pytest.raises(ConfigError, match="share version 20260101000000"):
        discover(migrations_dir)


def test_empty_folder_has_no_schema_version(migrations_dir: Path) -> None:
    with pytest.raises(ConfigError, match="No migration files"):
        newest_file_version(migrations_dir)


def test_file_that_is_not_utf8_is_refused_by_name(migrations_dir: Path) -> None:
    path = migrations_dir / "20260101000000_latin1.sql"
    path.write_bytes("select 'café';".encode("latin-1"))
    with pytest.raises(InputError, match=r"20260101000000_latin1\.sql is not UTF-8"):
        lint_files(discover(migrations_dir))


def test_byte_order_mark_and_line_endings_do_not_change_the_checksum(tmp_path: Path) -> None:
    plain = tmp_path / "20260101000000_plain.sql"
    plain.write_bytes(b"create table a (id int);\nselect 1;\n")
    marked = tmp_path / "20260101000001_marked.sql"
    marked.write_bytes(b"\xef\xbb\xbfcreate table a (id int);\r\nselect 1;\r\n")
    assert migration_file(plain).checksum == migration_file(marked).checksum


def test_non_ascii_text_keeps_statement_lines_and_text_exact(tmp_path: Path) -> None:
    path = tmp_path / "20260101000000_labels.sql"
    path.write_text(
        "-- libellés: créances\ncomment on schema public is 'données façade';\n\n"
        "insert into t (label) values ('Société Générale');\nselect 'ü';\n",
        encoding="utf-8",
    )
    statements = migration_file(path).parsed.statements
    assert [(s.line, s.text) for s in statements] == [
        (2, "comment on schema public is 'données façade'"),
        (4, "insert into t (label) values ('Société Générale')"),
        (5, "select 'ü'"),
    ]


def test_new_file_in_the_same_second_still_sorts_last(migrations_dir: Path) -> None:
    first = new_migration_file(migrations_dir, "add_a", now=NOON)
    second = new_migration_file(migrations_dir, "add_b", now=NOON)
    assert first.name == "20261123120000_add_a.sql"
    assert second.name == "20261123120001_add_b.sql"
    assert [m.name for m in discover(migrations_dir)] == ["add_a", "add_b"]
    assert lint_files(discover(migrations_dir)) == []  # the header's example annotations are inert


@pytest.mark.parametrize("name", ["AddThing", "add-thing", "_add", "add__thing", "1st_change", ""])
def test_new_refuses_names_that_are_not_snake_case(migrations_dir: Path, name: str) -> None:
    with pytest.raises(InputError, match="not a snake_case name"):
        new_migration_file(migrations_dir, name, now=NOON)
    assert list(migrations_dir.iterdir()) == []
