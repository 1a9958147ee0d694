"""Stored court codes after the court registry: identity kept, nothing guessed, all audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg

from dragonfly.domain.courts import court
from dragonfly.migrate.files import default_migrations_dir
from dragonfly.migrate.runner import apply_migrations

MIGRATION = "20261201100000_court_registry_codes.sql"

# (court_code, court_name, index number) as the importer stored them before the registry.
OLD_ROWS = [
    ("CIV-NASSAU", "Civil Court, Nassau County", "2024-CV-1003"),
    ("CIV-WESTCHESTER", "Civil Court, Westchester County", "2024-CV-1005"),
    ("UNK-WESTCHESTER", "Court not stated, Westchester County", "2024-CV-1005"),
    ("DIST-NASSAU", "District Court, Nassau County", "CEF-1234-24"),
    ("DIST-SUFFOLK", "District Court, Suffolk County", "CEF-1234-24"),
    ("SUP-KINGS", "Supreme Court, Kings County", "501234/2023"),
    ("CIV-KINGS", "Civil Court of the City of New York, Kings County", "CV-2023-001234"),
    ("CTY-BRONX", "County Court, Bronx County", "7/2022"),
    ("CITY-MOUNT_VERNON", "Mount Vernon City Court", "SC-12-2021"),
]


def _stored(conn: psycopg.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("select court_code, index_number_norm, court_name from judgments")
    return {(code, number): name for code, number, name in rows}


def test_old_court_codes_are_mapped_without_guessing(empty_db_url: str, tmp_path: Path) -> None:
    before = tmp_path / "before"
    before.mkdir()
    for path in sorted(default_migrations_dir().glob("*.sql")):
        if path.name < MIGRATION:
            shutil.copy(path, before / path.name)
    apply_migrations(empty_db_url, before)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        for code, name, number in OLD_ROWS:
            conn.execute(
                "insert into judgments (court_code, court_name, county_code, index_number,"
                " index_number_norm, entry_date, principal) values (%s, %s, %s, %s, %s,"
                " '2024-01-02', 1000)",
                (code, name, code.split("-", 1)[1], number, number),
            )
        ids_before = dict(
            conn.execute("select court_code || ' ' || index_number_norm, id from judgments")
        )

        shutil.copy(default_migrations_dir() / MIGRATION, before / MIGRATION)
        assert apply_migrations(empty_db_url, before) == [MIGRATION.split("_", 1)[0]]

        stored = _stored(conn)
        # "Civil Court" outside the city is a court not stated: it moves to UNK-<county> ...
        assert stored[("UNK-NASSAU", "2024-CV-1003")] == "Court not stated, Nassau County"
        assert ("CIV-NASSAU", "2024-CV-1003") not in stored
        # ... unless that would merge two judgments: then both stay as they were.
        assert ("CIV-WESTCHESTER", "2024-CV-1005") in stored
        assert ("UNK-WESTCHESTER", "2024-CV-1005") in stored
        # Lumped District Court codes stay (the district is unknown); the name says so.
        assert stored[("DIST-NASSAU", "CEF-1234-24")] == (
            "District Court, Nassau County (district not stated)"
        )
        assert stored[("DIST-SUFFOLK", "CEF-1234-24")] == (
            "District Court, Suffolk County (district not stated)"
        )
        # Real courts keep code and name; a court that never existed is kept, not guessed.
        for code, name, number in OLD_ROWS[5:]:
            assert stored[(code, number)] == name
        # Same judgments, same ids: nothing was deleted or re-created.
        assert conn.execute("select count(*) from judgments").fetchone() == (len(OLD_ROWS),)
        moved_id = conn.execute(
            "select id from judgments where court_code = 'UNK-NASSAU'"
        ).fetchone()
        assert moved_id == (ids_before["CIV-NASSAU 2024-CV-1003"],)
        # Every stored code is one the registry can describe.
        for code, _number in stored:
            assert court(code) is not None, code
        audited = conn.execute(
            "select entity_id, before->>'court_code', after->>'court_code' from audit_events"
            " where action = 'judgment.court' order by 2"
        ).fetchall()
        assert [(b, a) for _, b, a in audited] == [
            ("CIV-NASSAU", "UNK-NASSAU"),
            ("DIST-NASSAU", "DIST-NASSAU"),
            ("DIST-SUFFOLK", "DIST-SUFFOLK"),
        ]


def test_a_migrated_court_reads_as_a_sentence_in_the_history() -> None:
    from dragonfly.services.audit_wording import audit_sentence

    event = {
        "action": "judgment.court",
        "actor": "migration 20261201100000",
        "before": {"court_code": "CIV-NASSAU", "court_name": "Civil Court, Nassau County"},
        "after": {
            "court_code": "UNK-NASSAU",
            "court_name": "Court not stated, Nassau County",
            "reason": "court registry: no Civil Court outside New York City",
        },
    }
    assert audit_sentence(event) == (
        "Court changed from Civil Court, Nassau County to Court not stated, Nassau County by"
        " migration 20261201100000: court registry: no Civil Court outside New York City."
    )
