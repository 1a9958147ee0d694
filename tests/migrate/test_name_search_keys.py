"""Migration 20261201130000_name_search_keys folds the names already stored, and indexes them."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg

from dragonfly.migrate import apply_migrations, default_migrations_dir, discover

VERSION = "20261201130000"


def test_existing_names_get_search_keys_and_the_search_an_index(
    empty_db_url: str, tmp_path: Path
) -> None:
    before = tmp_path / "before"
    before.mkdir()
    for migration in discover(default_migrations_dir()):
        if migration.version < VERSION:
            shutil.copy(migration.path, before / migration.path.name)
    apply_migrations(empty_db_url, before)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            "insert into debtors (name, name_key) values ('Seán O''Brien', 'SEAN OBRIEN'),"
            " ('PEÑA, MARÍA', 'PENA MARIA'), (null, null)"
        )
        conn.execute("insert into plaintiffs (name, name_key) values ('Côté & Fils, LLC', 'CF')")

    # This migration alone: later ones are not what this test is about.
    this = next(m for m in discover(default_migrations_dir()) if m.version == VERSION)
    shutil.copy(this.path, before / this.path.name)
    assert apply_migrations(empty_db_url, before) == [VERSION]

    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        debtors = conn.execute("select name, search_name from debtors order by id").fetchall()
        assert debtors == [
            ("Seán O'Brien", "seanobrien"),
            ("PEÑA, MARÍA", "penamaria"),
            (None, None),
        ]
        assert conn.execute("select search_name from plaintiffs").fetchall() == [("cotefilsllc",)]
        # Identity keys are untouched: the folding is for search only.
        assert conn.execute("select name_key from debtors order by id").fetchall() == [
            ("SEAN OBRIEN",),
            ("PENA MARIA",),
            (None,),
        ]
        indexes = {
            r[0]
            for r in conn.execute(
                "select indexname from pg_indexes where tablename in ('debtors', 'plaintiffs')"
            )
        }
        assert {"debtors_search_name_trgm", "plaintiffs_search_name_trgm"} <= indexes
        assert "debtors_name_trgm" not in indexes
