"""`dragonfly release history`: past runs from production, plus any kept in local JSON files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from dragonfly.release.config import ReleaseConfig
from dragonfly.release.environment import resolve_environment
from dragonfly.release.redaction import redact_tree
from dragonfly.release.runs import RunRow, list_runs, local_runs


@dataclass
class History:
    runs: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def history_entry(run: RunRow) -> dict[str, Any]:
    """A production run in the shape of a local record (ISO times), plus where it is kept."""
    data = {k: _as_json(v) for k, v in asdict(run).items() if k != "steps"}
    data["steps"] = [
        {k: _as_json(v) for k, v in asdict(step).items() if k != "run_id"} for step in run.steps
    ]
    return {**data, "recorded_in": "production database"}


def release_history(
    config: ReleaseConfig, environ: Mapping[str, str], home: Path, limit: int = 20
) -> History:
    """Newest first. Production being unreachable is a note, not an error."""
    env = resolve_environment(config, environ)
    runs: list[dict[str, Any]] = []
    notes = []
    variable = config.databases.prod_url_env
    if env.prod_url is None:
        notes.append(f"{variable} is not set: showing local records only")
    else:
        try:
            with psycopg.connect(env.prod_url, autocommit=True, connect_timeout=5) as conn:
                runs = [history_entry(run) for run in list_runs(conn, limit=limit)]
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
            notes.append(f"production database ({variable}) unreadable: {first}")
    runs += local_runs(home, limit)
    runs.sort(key=lambda r: str(r.get("started_at") or ""), reverse=True)
    return History(redact_tree(runs[:limit], env.secrets), redact_tree(notes, env.secrets))
