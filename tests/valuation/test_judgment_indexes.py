"""After the redundant single-column indexes were dropped, portfolio pages still read an index."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

# (filter, sort) pairs of the portfolio list (dragonfly.api.portfolio) that have a page index.
PAGES = [
    ("j.tier = 'B'", "j.score desc nulls last, j.id"),
    ("j.tier = 'B'", "j.balance desc nulls last, j.id"),
    ("j.county_code = 'KINGS'", "j.balance desc nulls last, j.id"),
    ("j.status = 'active'", "j.score desc nulls last, j.id"),
]
# Filters whose own single-column index was dropped: still found through a page index.
FILTERS = ["j.tier = 'B'", "j.county_code = 'KINGS'", "j.status = 'active'"]


def _plan(db: psycopg.Connection[Any], query: str) -> str:
    with db.transaction(force_rollback=True):
        db.execute("set local enable_seqscan = off")  # a tiny table would be scanned otherwise
        return "\n".join(row[0] for row in db.execute(f"explain {query}"))


def test_the_redundant_indexes_are_gone(db: psycopg.Connection[Any]) -> None:
    names = {
        r[0] for r in db.execute("select indexname from pg_indexes where tablename = 'judgments'")
    }
    assert not names & {"judgments_tier", "judgments_county", "judgments_status"}
    assert {"judgments_identity", "judgments_index_trgm", "judgments_tier_score_page"} <= names


@pytest.mark.parametrize(("where", "order"), PAGES)
def test_a_filtered_page_is_read_off_an_index_without_sorting(
    db: psycopg.Connection[Any], where: str, order: str
) -> None:
    plan = _plan(db, f"select j.id from judgments j where {where} order by {order} limit 50")
    assert "Index" in plan and "Seq Scan" not in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("where", FILTERS)
def test_a_filter_alone_uses_an_index(db: psycopg.Connection[Any], where: str) -> None:
    plan = _plan(db, f"select count(*) from judgments j where {where}")
    assert "Index" in plan and "Seq Scan" not in plan, plan
