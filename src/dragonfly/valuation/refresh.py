"""refresh_judgments: recompute and store balance and score for many judgments at once."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from dragonfly.domain.rules import Rules
from dragonfly.domain.score_spec import ScoreSpec
from dragonfly.valuation.rebuild import rebuild_all_values
from dragonfly.valuation.values_lock import lock_values_for_writing
from dragonfly.valuation.values_query import (
    VALUES_SQL,
    insert_values_sql,
    prepare_ledger_balances,
    valuation_parameters,
)

UPSERT_SQL = insert_values_sql("judgment_values as s", VALUES_SQL) + (
    resources.files("dragonfly.valuation")
    .joinpath("sql", "refresh_judgments.sql")
    .read_text("utf-8")
)
COUNT_VALUES_SQL = f"select count(*), coalesce(sum(total), 0) from ({VALUES_SQL}) v"


def refresh_judgments(
    conn: psycopg.Connection[Any],
    *,
    judgment_ids: list[int] | None = None,
    batch_id: int | None = None,
    as_of: date | None = None,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
) -> int:
    """Recompute and store balance and score (v1) for the given judgments, or all of them.

    A scoped refresh, or one called inside an open transaction, writes in that one transaction
    (all stored or none) and returns how many judgments got new values: rows already up to date
    are not rewritten. A full refresh from an idle connection rebuilds every judgment's values
    beside the live ones and swaps them in (see dragonfly.valuation.rebuild); it returns how
    many judgments were valued.
    """
    params = valuation_parameters(as_of, rules, spec, judgment_ids=judgment_ids, batch_id=batch_id)
    if not params["scoped"] and conn.info.transaction_status == TransactionStatus.IDLE:
        return rebuild_all_values(conn, params)
    with conn.transaction():
        lock_values_for_writing(conn)
        prepare_ledger_balances(conn, params)
        return conn.execute(UPSERT_SQL, params).rowcount


def compute_only(
    conn: psycopg.Connection[Any],
    *,
    as_of: date | None = None,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
) -> int:
    """Value every judgment exactly as refresh_judgments does but store nothing (benchmarks).

    Returns how many judgments were valued.
    """
    params = valuation_parameters(as_of, rules, spec)
    with conn.transaction():
        prepare_ledger_balances(conn, params)
        row = conn.execute(COUNT_VALUES_SQL, params).fetchone()
    return int(row[0]) if row else 0
