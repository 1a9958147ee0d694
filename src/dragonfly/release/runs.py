"""Reading release runs and their steps: the one reader, for `dragonfly release history` and
the API (/api/v1/releases and the overview's last release). `record.py` writes them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.release.record import runs_folder


@dataclass(frozen=True)
class StepRow:
    run_id: int
    position: int
    name: str
    status: str
    message: str
    started_at: datetime | None
    duration_ms: int | None


@dataclass(frozen=True)
class RunRow:
    id: int
    commit_sha: str | None
    author: str | None
    branch: str | None
    run_url: str | None
    triggered_by: str | None
    dry_run: bool
    outcome: str
    exit_code: int | None
    failed_step: str | None
    summary: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    steps: list[StepRow] = field(default_factory=list)


RUNS_SQL = """
select id, commit_sha, author, branch, run_url, triggered_by, dry_run, outcome::text as outcome,
  exit_code, failed_step, summary, started_at, finished_at, duration_ms
from release_runs
"""
NEWEST_FIRST = " order by started_at desc, id desc limit %(limit)s offset %(offset)s"
STEPS_SQL = """
select run_id, position, name, status::text as status, message, started_at, duration_ms
from release_steps where run_id = any(%(ids)s) order by run_id, position
"""


def _with_steps(conn: psycopg.Connection[Any], runs: list[RunRow]) -> list[RunRow]:
    with conn.cursor(row_factory=class_row(StepRow)) as cur:
        steps = cur.execute(STEPS_SQL, {"ids": [r.id for r in runs]}).fetchall()
    by_run: dict[int, list[StepRow]] = {r.id: [] for r in runs}
    for step in steps:
        by_run[step.run_id].append(step)
    return [replace(run, steps=by_run[run.id]) for run in runs]


def list_runs(conn: psycopg.Connection[Any], *, limit: int, offset: int = 0) -> list[RunRow]:
    """The newest runs first, each with its steps in order."""
    with conn.cursor(row_factory=class_row(RunRow)) as cur:
        runs = cur.execute(RUNS_SQL + NEWEST_FIRST, {"limit": limit, "offset": offset}).fetchall()
    return _with_steps(conn, runs)


def count_runs(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("select count(*) from release_runs").fetchone()
    return int(row[0]) if row else 0


def find_run(conn: psycopg.Connection[Any], run_id: int) -> RunRow | None:
    with conn.cursor(row_factory=class_row(RunRow)) as cur:
        run = cur.execute(RUNS_SQL + " where id = %(id)s", {"id": run_id}).fetchone()
    return _with_steps(conn, [run])[0] if run else None


def latest_run(conn: psycopg.Connection[Any]) -> RunRow | None:
    runs = list_runs(conn, limit=1)
    return runs[0] if runs else None


def local_runs(home: Path, limit: int) -> list[dict[str, Any]]:
    """Runs kept in local JSON files (production was unreachable when they ran), newest first,
    in the shape `record.write_local_run` wrote them."""
    runs = []
    for path in sorted(runs_folder(home).glob("*.json"), reverse=True)[:limit]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            runs.append({"id": None, **data, "recorded_in": str(path)})
    return runs
