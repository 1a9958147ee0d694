"""`dragonfly demo`, the README's first command, on a fresh home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dragonfly_subprocess import clean_env, dragonfly


@pytest.mark.slow
def test_demo_loads_a_portfolio_and_prints_the_admin_password_once(tmp_path: Path) -> None:
    env = clean_env(DRAGONFLY_HOME=str(tmp_path / "home"))
    try:
        first = dragonfly("demo", "--no-serve", "--json", env=env)
        assert first.returncode == 0, first.stderr
        report = json.loads(first.stdout)
        imported = report["import"]
        assert imported["rows_read"] == (
            imported["inserted"]
            + imported["updated"]
            + imported["unchanged"]
            + imported["rejected"]
        )
        assert report["status"]["judgments"] == imported["inserted"] > 0
        assert report["admin"]["email"] == "admin@demo.local"
        assert len(report["admin"]["password"]) >= 16
        assert report["client_money_payments"] > 0
        # The demo's escrow account: book and client ledgers agree; the bank says the same.
        preview = dragonfly("trust", "reconcile", "--bank", "0.00", "--json", env=env)
        shown = json.loads(preview.stdout)
        assert shown["book_balance"] == shown["client_ledgers"] != "0.00"
        assert [d["line"] for d in shown["differences"]] == ["bank statement vs book"]
        bank = shown["book_balance"]
        balanced = dragonfly("trust", "reconcile", "--bank", bank, "--json", env=env)
        assert balanced.returncode == 0 and json.loads(balanced.stdout)["differences"] == []

        again = json.loads(dragonfly("demo", "--no-serve", "--json", env=env).stdout)
        assert again["admin"]["password"] is None
        assert again["client_money_payments"] == 0  # seeded once
        assert again["status"]["judgments"] == report["status"]["judgments"]
    finally:
        dragonfly("db", "down", env=env)
