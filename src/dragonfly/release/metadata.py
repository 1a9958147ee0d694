"""Commit, author, branch and run link: from GitHub Actions when present, else local git."""

from __future__ import annotations

import getpass
import subprocess
from collections.abc import Mapping
from pathlib import Path

from dragonfly.release.model import RunMetadata


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def _run_url(environ: Mapping[str, str]) -> str | None:
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repo = environ.get("GITHUB_REPOSITORY", "")
    run_id = environ.get("GITHUB_RUN_ID", "")
    if server and repo and run_id:
        return f"{server}/{repo}/actions/runs/{run_id}"
    return None


def _local_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def run_metadata(environ: Mapping[str, str], repo_dir: Path) -> RunMetadata:
    """What this run releases and who started it."""
    commit = environ.get("GITHUB_SHA") or _git(["rev-parse", "HEAD"], repo_dir) or "unknown"
    author = (
        environ.get("GITHUB_ACTOR")
        or _git(["log", "-1", "--format=%an", commit], repo_dir)
        or "unknown"
    )
    branch = (
        environ.get("GITHUB_REF_NAME")
        or _git(["rev-parse", "--abbrev-ref", "HEAD"], repo_dir)
        or "unknown"
    )
    if environ.get("GITHUB_ACTIONS") == "true" or environ.get("GITHUB_RUN_ID"):
        trigger = f"github-actions ({environ.get('GITHUB_EVENT_NAME', 'unknown event')})"
    else:
        trigger = f"local ({_local_user()})"
    return RunMetadata(commit, author, branch, _run_url(environ), trigger)
