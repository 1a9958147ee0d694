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

        again = json.loads(dragonfly("demo", "--no-serve", "--json", env=env).stdout)
        assert again["admin"]["password"] is None
        assert again["status"]["judgments"] == report["status"]["judgments"]
    finally:
        dragonfly("db", "down", env=env)
