"""`dragonfly rescore` as a user runs it: a real process and database."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from core.dragonfly_subprocess import clean_env, dragonfly
from valuation.seeding import add_judgment


def rescore(*args: str, db_url: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(home))
    return dragonfly("rescore", *args, env=env)


def test_rescore_values_every_judgment_as_of_the_day_asked(
    tmp_path: Path, db_url: str, db: psycopg.Connection[Any]
) -> None:
    for principal in ("45000", "800"):
        add_judgment(db, principal, date(2024, 6, 15))
    run = rescore("--as-of", "2026-11-23", db_url=db_url, home=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Valued 2 judgments as of 2026-11-23" in run.stdout
    stored = db.execute("select distinct balance_as_of from valued_judgments").fetchall()
    assert stored == [(date(2026, 11, 23),)]

    as_json = rescore("--as-of", "2027-01-04", "--json", db_url=db_url, home=tmp_path)
    body = json.loads(as_json.stdout)
    assert (body["judgments_valued"], body["as_of"]) == (2, "2027-01-04")
    assert sum(body["tiers"].values()) == 2


def test_rescore_bad_date_exits_2_and_changes_nothing(
    tmp_path: Path, db_url: str, db: psycopg.Connection[Any]
) -> None:
    add_judgment(db, "1000", date(2024, 6, 15))
    run = rescore("--as-of", "2026-02-30", db_url=db_url, home=tmp_path)
    assert run.returncode == 2
    assert "--as-of '2026-02-30' is not a real date" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert db.execute("select balance from valued_judgments").fetchall() == [(None,)]


def test_rescore_without_a_database_exits_3_with_a_message(tmp_path: Path) -> None:
    run = rescore(db_url="postgresql://nobody@127.0.0.1:9/nothing", home=tmp_path)
    assert run.returncode == 3
    assert "Could not connect to the database" in run.stderr
    assert "Traceback" not in run.stderr
