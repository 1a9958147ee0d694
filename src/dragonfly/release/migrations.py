"""The release's view of the migration engine: what is pending, what blocks, apply them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg

from dragonfly import migrate
from dragonfly.errors import DragonflyError
from dragonfly.migrate.job_schema import ensure_job_schema


@dataclass(frozen=True)
class PendingCheck:
    """Pending file names in order, and every problem that would stop `apply`."""

    pending: list[str]
    problems: list[str]


@dataclass(frozen=True)
class ApplyResult:
    applied: list[str]
    failed_file: str | None = None
    error: str | None = None


def check_pending(prod_url: str, directory: Path) -> PendingCheck:
    """Read-only: the plan against production, with lint errors and drift spelled out."""
    plan = migrate.build_plan(prod_url, directory)
    problems = [f"{f.filename} was edited after it was applied" for f in plan.drift]
    problems += [f"version {m.version} is applied but its file is missing" for m in plan.missing]
    problems += [
        f"{f.filename} is older than an applied migration" for f in plan.blocking_out_of_order
    ]
    problems += [f"lint: {finding}" for finding in plan.lint_errors]
    return PendingCheck([f.filename for f in plan.pending], problems)


def _applied_now(prod_url: str, directory: Path) -> set[str]:
    try:
        return {a.version for a in migrate.build_plan(prod_url, directory).applied}
    except (DragonflyError, psycopg.Error):
        return set()


def applied_in_run(prod_url: str, directory: Path, pending: list[str]) -> list[str] | None:
    """Which of this run's pending files production now has (after an interrupted apply);
    None when production could not be asked."""
    try:
        plan = migrate.build_plan(prod_url, directory)
    except (DragonflyError, psycopg.Error):
        return None
    applied = {a.version for a in plan.applied}
    return [name for name in pending if name[:14] in applied]


def apply_pending(
    prod_url: str, directory: Path, pending: list[str], lock_wait: float
) -> ApplyResult:
    """Apply pending files under the engine's lock. On failure, say which file and which of
    this run's files were applied before it (each file is its own transaction)."""
    try:
        versions = migrate.apply_migrations(prod_url, directory, lock_wait=lock_wait)
    except DragonflyError as exc:
        applied = _applied_now(prod_url, directory)
        done = [name for name in pending if name[:14] in applied]
        failed = getattr(exc, "file", None)
        if failed is not None:
            failed = Path(str(failed)).name
        else:
            failed = next((name for name in pending if name[:14] not in applied), None)
        return ApplyResult(done, failed, _describe(exc))
    by_version = {name[:14]: name for name in pending}
    try:
        ensure_job_schema(prod_url)  # as the owner: the app role may not create tables
    except DragonflyError as exc:
        return ApplyResult([by_version.get(v, v) for v in versions], None, _describe(exc))
    return ApplyResult([by_version.get(v, v) for v in versions])


def _describe(exc: DragonflyError) -> str:
    line = getattr(exc, "line", None)
    pg_message = getattr(exc, "pg_message", None)
    if pg_message:
        where = f"at line {line}: " if line else ""
        return where + str(pg_message).strip().rstrip(".")
    return exc.message.rstrip(".")
