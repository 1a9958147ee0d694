"""Run the `dragonfly` command as a user would: a real process with its own environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

COMMAND = [sys.executable, "-m", "dragonfly"]


def dragonfly(
    *args: str,
    env: dict[str, str],
    input: str | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `dragonfly ARGS` to the end and return its exit code and output."""
    return subprocess.run(
        [*COMMAND, *args],
        env=env,
        input=input,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_dragonfly(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """Start `dragonfly ARGS` without waiting; its output is piped."""
    return subprocess.Popen(
        [*COMMAND, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any Dragonfly setting, plus `extra`. The suite's
    pinned business date (DRAGONFLY_TODAY) is kept: every process a test starts shares it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "DRAGONFLY_TODAY" or not k.startswith(("DATABASE_URL", "DRAGONFLY_"))
    }
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30
) -> None:
    """Wait for `dragonfly serve` to answer /health; fail with the end of its log if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dragonfly serve exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"dragonfly serve did not answer /health in {timeout:g} s:\n{log.read_text()[-3000:]}"
    )
