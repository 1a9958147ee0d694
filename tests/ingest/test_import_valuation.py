"""Judgments are valued as they are imported: the stored values are refresh_judgments' values."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from ingest_support import run_import, write

from dragonfly.core.clock import today_in_new_york
from dragonfly.ingest.demo_data import FORMATS, write_demo_file
from dragonfly.valuation import refresh_judgments

HEADER = "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry,Court\n"
ROW = "CV-2021-000001,Acme Funding LLC,Ann Lee,1000.00,01/05/2021,Kings County Civil Court\n"


def _refresh_changes(db: psycopg.Connection) -> int:
    """How many judgments a refresh of all of them (scoped, so it counts changes) would change."""
    ids = [row[0] for row in db.execute("select id from judgments")]
    return refresh_judgments(db, judgment_ids=ids, as_of=today_in_new_york())


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_leaves_nothing_for_a_full_refresh_to_change(
    fmt: str, tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write_demo_file(tmp_path / f"demo.{fmt}.csv", 400, fmt, seed=5, defect_rate=0.02)
    result = run_import(db_url, path)
    assert result.inserted > 300
    unscored = db.execute("select count(*) from valued_judgments where score_components is null")
    assert unscored.fetchone() == (0,)
    assert _refresh_changes(db) == 0


def test_a_changed_judgment_is_rescored_with_its_debtors_assets(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "a.csv", HEADER + ROW))
    debtor = db.execute("select debtor_id from judgments").fetchone()
    assert debtor is not None
    db.execute(
        "insert into debtor_assets (debtor_id, kind, benefits_only, source, learned_on)"
        " values (%s, 'employer', false, 'test', date '2026-01-01')",
        debtor,
    )
    before = db.execute("select score_components ->> 'assets' from valued_judgments").fetchone()
    assert before == ("0",)
    result = run_import(db_url, write(tmp_path, "b.csv", HEADER + ROW.replace("1000.00", "1500")))
    assert result.updated == 1
    after = db.execute(
        "select score_components ->> 'assets', balance from valued_judgments"
    ).fetchone()
    assert after is not None and after[0] != "0" and after[1] > 1500
    assert _refresh_changes(db) == 0


def test_a_dry_run_stores_no_values(tmp_path: Path, db_url: str, db: psycopg.Connection) -> None:
    result = run_import(db_url, write(tmp_path, "a.csv", HEADER + ROW), dry_run=True)
    assert (result.status, result.inserted) == ("dry_run", 1)
    assert db.execute("select count(*) from judgments").fetchone() == (0,)
