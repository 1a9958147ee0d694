"""Synthetic files: seeded, realistic in shape, with the share of defects asked for."""

from __future__ import annotations

import csv
import statistics
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
from ingest_support import run_import

from dragonfly.ingest.demo_data import write_demo_file

TODAY = date(2026, 11, 23)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_file_and_realistic_spread(tmp_path: Path) -> None:
    a = write_demo_file(tmp_path / "a.csv", 3000, "canonical", seed=5, defect_rate=0, today=TODAY)
    b = write_demo_file(tmp_path / "b.csv", 3000, "canonical", seed=5, defect_rate=0, today=TODAY)
    assert a.read_bytes() == b.read_bytes()
    rows = _rows(a)
    amounts = [Decimal(r["principal"]) for r in rows]
    share_1k_50k = sum(1000 <= x <= 50000 for x in amounts) / len(amounts)
    assert share_1k_50k > 0.75
    assert 2000 < statistics.median(amounts) < 15000
    years = {date.fromisoformat(r["entry_date"]).year for r in rows}
    assert min(years) <= TODAY.year - 18 and max(years) == TODAY.year
    assert len({r["county"] for r in rows}) >= 10
    assert {"Kings", "Queens", "Bronx", "New York", "Richmond"} <= {r["county"] for r in rows}
    businesses = sum(
        any(w in r["debtor_name"] for w in ("LLC", "Inc", "Corp", "Co.")) for r in rows
    )
    assert 0.1 < businesses / len(rows) < 0.4
    assert all(r["debtor_address"].split()[-1].isdigit() for r in rows)


def test_defect_rate_shows_up_as_rejected_rows(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write_demo_file(tmp_path / "foil.csv", 1000, "foil", seed=9, defect_rate=0.08)
    result = run_import(db_url, path, max_reject_rate=0.2)
    assert result.source == "foil"
    assert 0.04 < result.rejected / result.rows_read < 0.12
    reasons = {r[0] for r in db.execute("select distinct reason_code from rejected_rows")}
    assert {"bad_date", "bad_amount", "amount_out_of_range", "missing_required"} <= reasons
