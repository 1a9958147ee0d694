"""Fixtures for migration tests: a private migrations folder and the CLI as a user runs it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from core.dragonfly_subprocess import clean_env, dragonfly

WriteMigration = Callable[[str, str], Path]
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def migrations_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    return folder


@pytest.fixture
def write_migration(migrations_dir: Path) -> WriteMigration:
    """Write `<version>_<name>.sql`; `ref` is 'version_name'."""

    def write(ref: str, text: str) -> Path:
        path = migrations_dir / f"{ref}.sql"
        path.write_bytes(text.encode("utf-8"))
        return path

    return write


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m dragonfly ARGS` in a clean environment and wait for it."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return dragonfly(*args, env=clean_env(**env), cwd=tmp_path, timeout=120)

    return run
