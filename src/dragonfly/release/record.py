"""Where runs are kept: `release_runs` / `release_steps` in the production database, or a local
JSON file under DRAGONFLY_HOME/release-runs/ when production cannot be written."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import psycopg

from dragonfly.release.model import Run
from dragonfly.release.redaction import redact_tree
from dragonfly.release.report import run_as_dict

log = logging.getLogger("dragonfly.release")

TABLES_READY = "select to_regclass('public.release_runs') is not null"
INSERT_RUN = """
insert into release_runs (commit_sha, author, branch, run_url, triggered_by, dry_run, started_at)
values (%(commit_sha)s, %(author)s, %(branch)s, %(run_url)s, %(triggered_by)s, %(dry_run)s,
        %(started_at)s)
returning id
"""
UPDATE_RUN = """
update release_runs set outcome = %(outcome)s, exit_code = %(exit_code)s,
  failed_step = %(failed_step)s, summary = %(summary)s, finished_at = %(finished_at)s,
  duration_ms = %(duration_ms)s
where id = %(id)s
"""
UPSERT_STEP = """
insert into release_steps (run_id, position, name, status, message, started_at, duration_ms)
values (%(run_id)s, %(position)s, %(name)s, %(status)s, %(message)s, %(started_at)s,
        %(duration_ms)s)
on conflict (run_id, position) do update set name = excluded.name, status = excluded.status,
  message = excluded.message, started_at = excluded.started_at,
  duration_ms = excluded.duration_ms
"""


def runs_folder(home: Path) -> Path:
    return home / "release-runs"


class RunRecorder:
    """Keeps the production record in step with the run. Production may not have the tables
    yet (a first release onto an empty database): the run is written once migrations made them.
    Any database error switches to the local JSON file; the release itself carries on."""

    def __init__(self, conn: psycopg.Connection | None, home: Path, secrets: list[str]) -> None:
        self.conn = conn
        self.home = home
        self.secrets = secrets
        self.run_id: int | None = None
        self.db_failed = conn is None
        self.local_path: Path | None = None

    def sync(self, run: Run) -> None:
        """Write the run and every step as they are now."""
        if self.db_failed or self.conn is None:
            return
        data = redact_tree(run_as_dict(run), self.secrets)
        try:
            with self.conn.transaction():
                if self.run_id is None and not self._tables_ready():
                    return
                if self.run_id is None:
                    row = self.conn.execute(INSERT_RUN, data).fetchone()
                    self.run_id = int(row[0]) if row else None
                self.conn.execute(UPDATE_RUN, {**data, "id": self.run_id})
                with self.conn.cursor() as cur:
                    cur.executemany(
                        UPSERT_STEP, [{**s, "run_id": self.run_id} for s in data["steps"]]
                    )
        except psycopg.Error as exc:
            log.warning("recording the run in production failed: %s", type(exc).__name__)
            self.db_failed = True

    def _tables_ready(self) -> bool:
        assert self.conn is not None
        row = self.conn.execute(TABLES_READY).fetchone()
        return bool(row and row[0])

    def finish(self, run: Run) -> str:
        """Final write; returns where the run is recorded, in words."""
        self.sync(run)
        if not self.db_failed and self.run_id is not None:
            return f"recorded in the production database as release run #{self.run_id}"
        self.local_path = write_local_run(run, self.home, self.secrets)
        if self.conn is None:
            why = "the production database was not reachable (or not configured)"
        elif self.db_failed:
            why = "writing to the production database failed"
        else:
            why = "the production database has no release tables yet"
        return f"{why}, so the run was recorded in {self.local_path}"


def write_local_run(run: Run, home: Path, secrets: list[str]) -> Path:
    folder = runs_folder(home)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = run.started_at.strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}.json"
    data = redact_tree(run_as_dict(run), secrets)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
