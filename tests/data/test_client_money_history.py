"""Client money is history: the app role can neither edit nor delete it, even after the grants
are run again, and the owner is stopped by the trigger."""

from __future__ import annotations

import psycopg
import pytest

TABLES = [
    "client_agreements",
    "payment_splits",
    "trust_entries",
    "remittance_periods",
    "remittance_statements",
    "trust_reconciliations",
]


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["update {} set created_at = now()", "delete from {}"])
def test_the_app_cannot_edit_or_delete_client_money(
    db: psycopg.Connection, app_db_url: str, table: str, verb: str
) -> None:
    db.execute("select dragonfly_grant_app_v2()")  # granting again keeps them append-only
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(verb.format(table).replace("created_at", _column(table)))


def _column(table: str) -> str:
    return "closed_at" if table == "remittance_periods" else "created_at"


def test_the_owner_is_stopped_by_the_trigger(db: psycopg.Connection) -> None:
    db.execute("insert into remittance_periods (period, closed_by) values ('2026-10-01', 'admin')")
    with pytest.raises(psycopg.errors.RestrictViolation):
        db.execute("delete from remittance_periods")
