"""Every real migration replays on an empty database, and a second apply changes nothing."""

from __future__ import annotations

from dragonfly.migrate import (
    applied_schema_version,
    apply_migrations,
    build_plan,
    default_migrations_dir,
    discover,
    newest_file_version,
)

from .schema_probe import history_versions, schema_fingerprint


def test_replay_from_empty_then_reapply_is_a_no_op(empty_db_url: str, db_url: str) -> None:
    import psycopg

    expected = [m.version for m in discover(default_migrations_dir())]
    with psycopg.connect(empty_db_url) as conn:
        assert applied_schema_version(conn) is None

    assert apply_migrations(empty_db_url) == expected
    replayed = schema_fingerprint(empty_db_url)
    assert any("judgments" in line for line in replayed)

    assert apply_migrations(empty_db_url) == []
    assert schema_fingerprint(empty_db_url) == replayed
    assert history_versions(empty_db_url) == expected
    assert schema_fingerprint(db_url) == replayed  # the test template was built the same way

    plan = build_plan(empty_db_url)
    assert plan.ok and plan.pending == [] and plan.drift == []
    with psycopg.connect(empty_db_url) as conn:
        assert applied_schema_version(conn) == newest_file_version() == expected[-1]
