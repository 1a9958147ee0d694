"""The portfolio's pages still read an index now that balance and score live in judgment_values."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

# (filter, sort) pairs of the portfolio list (services/judgments/portfolio.py) with a page index.
PAGES = [
    ("true", "j.balance desc nulls last, j.id"),
    ("true", "j.score desc nulls last, j.id"),
    ("j.tier = 'B'", "j.score desc nulls last, j.id"),
    ("j.tier = 'B'", "j.balance desc nulls last, j.id"),
]
FILTERS = ["j.tier = 'B'", "j.county_code = 'KINGS'", "j.status = 'active'"]
# What a rescore writes is indexed in judgment_values only; judgments keeps its own facts' indexes.
JUDGMENTS_INDEXES = {
    "judgments_pkey",
    "judgments_identity",
    "judgments_index_trgm",
    "judgments_entry_date",
    "judgments_plaintiff",
    "judgments_debtor",
    "judgments_created_at",
    "judgments_county",
    "judgments_status",
    "judgments_owner",  # partial: judgments someone owns, for "my desk"
}


def _plan(db: psycopg.Connection[Any], query: str) -> str:
    with db.transaction(force_rollback=True):
        # An empty table would be scanned and sorted otherwise: these say whether an index can
        # serve the query at all, which is what a million rows will need.
        db.execute("set local enable_seqscan = off")
        db.execute("set local enable_sort = off")
        return "\n".join(row[0] for row in db.execute(f"explain {query}"))


def test_judgments_holds_no_index_a_rescore_would_rewrite(db: psycopg.Connection[Any]) -> None:
    rows = db.execute("select indexname from pg_indexes where tablename = 'judgments'")
    assert {r[0] for r in rows} == JUDGMENTS_INDEXES
    columns = {
        r[0]
        for r in db.execute(
            "select column_name from information_schema.columns where table_name = 'judgments'"
        )
    }
    assert not columns & {"balance", "score", "tier", "score_components"}


@pytest.mark.parametrize(("where", "order"), PAGES)
def test_a_page_is_read_off_an_index_without_sorting(
    db: psycopg.Connection[Any], where: str, order: str
) -> None:
    plan = _plan(db, f"select j.id from valued_judgments j where {where} order by {order} limit 50")
    assert "Index" in plan and "Seq Scan" not in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("where", FILTERS)
def test_a_filter_alone_uses_an_index(db: psycopg.Connection[Any], where: str) -> None:
    plan = _plan(db, f"select count(*) from valued_judgments j where {where}")
    assert "Index" in plan and "Seq Scan" not in plan, plan
