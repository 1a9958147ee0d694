"""Release runs and their steps, as the release pipeline recorded them."""

from __future__ import annotations

from typing import Any

import psycopg

from dragonfly.errors import NotFound

RUN_COLUMNS = (
    "id, commit_sha, author, branch, run_url, outcome::text, exit_code, failed_step, summary,"
    " started_at, finished_at, duration_ms"
)
RUN_KEYS = tuple(c.strip().removesuffix("::text") for c in RUN_COLUMNS.split(","))


def _with_steps(conn: psycopg.Connection, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    runs = [dict(zip(RUN_KEYS, row, strict=True)) for row in rows]
    steps = conn.execute(
        "select run_id, position, name, status::text, message, duration_ms from release_steps"
        " where run_id = any(%s) order by run_id, position",
        ([r["id"] for r in runs],),
    ).fetchall()
    by_run: dict[int, list[dict[str, Any]]] = {r["id"]: [] for r in runs}
    for run_id, position, name, status, message, duration_ms in steps:
        by_run[run_id].append(
            {
                "position": position,
                "name": name,
                "status": status,
                "message": message,
                "duration_ms": duration_ms,
            }
        )
    return [{**run, "steps": by_run[run["id"]]} for run in runs]


def list_runs(
    conn: psycopg.Connection, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    rows = conn.execute(
        f"select {RUN_COLUMNS} from release_runs order by started_at desc, id desc"
        " limit %s offset %s",
        (page_size, (page - 1) * page_size),
    ).fetchall()
    total = conn.execute("select count(*) from release_runs").fetchone()
    return _with_steps(conn, rows), int(total[0]) if total else 0


def get_run(conn: psycopg.Connection, run_id: int) -> dict[str, Any]:
    row = conn.execute(
        f"select {RUN_COLUMNS} from release_runs where id = %s", (run_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"No release run with id {run_id}.")
    return _with_steps(conn, [row])[0]


def latest_run(conn: psycopg.Connection) -> dict[str, Any] | None:
    rows = conn.execute(
        f"select {RUN_COLUMNS} from release_runs order by started_at desc, id desc limit 1"
    ).fetchall()
    return _with_steps(conn, rows)[0] if rows else None
