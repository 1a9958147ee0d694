"""The CLI as a user runs it: `python -m dragonfly` in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that would point the CLI somewhere else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DRAGONFLY_"))}
    env.update(extra)
    return env


def start_cli(*args: str, cwd: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dragonfly", *args],
        cwd=cwd,
        env=clean_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
