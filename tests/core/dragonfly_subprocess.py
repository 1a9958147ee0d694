"""Run the `dragonfly` command as a user would: a real process with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys


def dragonfly(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dragonfly", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any Dragonfly setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DRAGONFLY_"))}
    env.update(extra)
    return env
