"""Every history table of every feature stays append-only for the app role, whichever migration
last redefined the grant function (each feature's migration redefines it whole, so a later one
that forgot an earlier one's revokes would silently give the app UPDATE or DELETE again)."""

from __future__ import annotations

import psycopg
import pytest

from dragonfly.core.roles import APP_ROLE

# Never updated nor deleted by the app.
APPEND_ONLY = [
    "ledger_entries", "audit_events", "action_transitions", "judgment_acknowledgments",
    "paper_documents", "judgment_transcripts", "desk_dismissals",
    "paper_run_judgments", "paper_run_parts", "paper_service_confirmations",
    "client_agreements", "payment_splits", "trust_entries", "remittance_periods",
    "remittance_statements", "trust_reconciliations",
]  # fmt: skip
# Updated as they progress (a run's status, a day's digest, a feed's revocation), never deleted.
NEVER_DELETED = ["judgments", "debtor_assets", "paper_runs", "digest_runs", "calendar_feeds"]


def _may(db: psycopg.Connection, table: str, privilege: str) -> bool:
    row = db.execute("select has_table_privilege(%s, %s, %s)", (APP_ROLE, table, privilege))
    return bool(row.fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize("regrant", [False, True], ids=["as migrated", "granted again"])
def test_the_app_role_can_change_no_history_of_any_feature(
    db: psycopg.Connection, regrant: bool
) -> None:
    if regrant:
        assert db.execute("select dragonfly_grant_app_v2()").fetchone() == (True,)
    changeable = [
        (table, privilege)
        for table in APPEND_ONLY
        for privilege in ("update", "delete")
        if _may(db, table, privilege)
    ]
    deletable = [table for table in NEVER_DELETED if _may(db, table, "delete")]
    assert changeable == [] and deletable == []
    # And it still writes what the features write.
    assert _may(db, "action_deadlines", "delete") and _may(db, "alert_subscriptions", "delete")
    assert _may(db, "digest_runs", "update") and _may(db, "calendar_feeds", "update")


def test_the_app_role_cannot_delete_a_days_digest_run(
    db: psycopg.Connection, app_db_url: str
) -> None:
    db.execute(
        "insert into digest_runs (day, status, claimed_by) values ('2026-11-23', 'sent', 'w')"
    )
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("delete from digest_runs")
    assert db.execute("select count(*) from digest_runs").fetchone() == (1,)
