"""What /readyz and /version report: database reachable, schema at this build's migration, and a
job worker seen when one is needed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import psycopg
from psycopg_pool import ConnectionPool

from dragonfly.core.config import Settings
from dragonfly.core.database import connect
from dragonfly.jobs.liveness import WorkerWatch, missing_worker_reason, worker_sightings


@dataclass(frozen=True)
class Readiness:
    ready: bool
    schema_version: str | None
    reason: str | None = None


def expected_schema_version() -> str:
    from dragonfly.migrate import newest_file_version

    return str(newest_file_version())


def check_readiness(pool: ConnectionPool, settings: Settings, watch: WorkerWatch) -> Readiness:
    """Ready when the database answers, its schema is this build's, and jobs have a worker."""
    from dragonfly.migrate import applied_schema_version

    expected = expected_schema_version()
    try:
        with pool.connection(timeout=3) as conn:
            applied = applied_schema_version(conn)
            sightings = worker_sightings(conn)
    except (psycopg.Error, TimeoutError, OSError) as exc:
        kind = type(exc).__name__
        return Readiness(False, None, f"database unreachable ({kind})")
    if applied != expected:
        reason = f"schema is at {applied or 'no migration'}; this build expects {expected}"
        return Readiness(False, applied, reason)
    missing = missing_worker_reason(sightings, watch, settings)
    if missing:
        return Readiness(False, applied, missing)
    return Readiness(True, applied)


@lru_cache(maxsize=1)
def _commit_from_checkout() -> str | None:
    repo = Path(__file__).resolve().parents[3]
    if not (repo / ".git").exists():
        return None
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def build_commit(settings: Settings) -> str | None:
    """GIT_COMMIT when the deploy set it, else the checkout's HEAD, else unknown (None)."""
    return settings.git_commit or _commit_from_checkout()


def check_schema_now(url: str) -> str | None:
    """A one-off readiness check for the CLI: None when ready, else the reason."""
    from dragonfly.migrate import applied_schema_version

    expected = expected_schema_version()
    with connect(url, autocommit=True) as conn:
        applied = applied_schema_version(conn)
    if applied != expected:
        return (
            f"the database schema is at {applied or 'no migration'}; this build expects {expected}"
        )
    return None


def app_role_warning(url: str) -> str | None:
    """A warning when the app's connection is a superuser or owns the tables, else None."""
    from dragonfly.core.roles import connected_role

    with connect(url, autocommit=True) as conn:
        return connected_role(conn).warning()
