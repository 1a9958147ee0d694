"""Migration 20261202110000_action_deadlines copies each open action's stored due day into the
per-deadline table, under the name its kind gave it, and leaves closed actions out."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import psycopg

from dragonfly.migrate import apply_migrations, default_migrations_dir, discover

VERSION = "20261202110000"


def test_open_actions_keep_their_due_day_as_a_named_deadline(
    empty_db_url: str, tmp_path: Path
) -> None:
    before = tmp_path / "before"
    before.mkdir()
    for migration in discover(default_migrations_dir()):
        if migration.version < VERSION:
            shutil.copy(migration.path, before / migration.path.name)
    apply_migrations(empty_db_url, before)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        judgment = conn.execute(
            "insert into judgments (court_code, court_name, county_code, index_number,"
            " index_number_norm, entry_date, principal) values ('SUP-KINGS', 'Supreme Court',"
            " 'KINGS', '1/2024', '1/2024', '2024-01-02', 1000) returning id"
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "insert into enforcement_actions (judgment_id, kind, state, served_on, due_on,"
            " created_by) values"
            " (%(j)s, 'information_subpoena', 'served', '2026-11-16', '2026-11-23', 't'),"
            " (%(j)s, 'restraining_notice', 'served', '2026-03-02', '2027-03-02', 't'),"
            " (%(j)s, 'property_execution', 'completed', '2026-03-02', '2026-05-01', 't'),"
            " (%(j)s, 'demand_letter', 'issued', null, null, 't')",
            {"j": judgment},
        )

    # This migration alone: later ones are not what this test is about.
    this = next(m for m in discover(default_migrations_dir()) if m.version == VERSION)
    shutil.copy(this.path, before / this.path.name)
    assert apply_migrations(empty_db_url, before) == [VERSION]

    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        rows = conn.execute(
            "select a.kind::text, d.name, d.due_on from action_deadlines d"
            " join enforcement_actions a on a.id = d.action_id order by a.id"
        ).fetchall()
    assert rows == [
        ("information_subpoena", "answer_due", date(2026, 11, 23)),
        ("restraining_notice", "restraint_lapses", date(2027, 3, 2)),
    ]
