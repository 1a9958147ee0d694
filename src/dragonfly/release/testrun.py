"""Run the configured test command against the dev database and keep the tail of its output."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 15


@dataclass(frozen=True)
class CommandResult:
    ok: bool
    summary: str
    output_tail: str  # unredacted: the caller redacts at the point of output


def _tail(text: str) -> str:
    return "\n".join(text.strip().splitlines()[-TAIL_LINES:])


def run_command(command: str, env: Mapping[str, str], cwd: Path, timeout: float) -> CommandResult:
    """Run `command` (split like a shell would, without a shell) and report how it ended."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return CommandResult(False, f"the command could not be parsed: {exc}", "")
    if not argv:
        return CommandResult(False, "the command is empty", "")
    try:
        done = subprocess.run(
            argv,
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        return CommandResult(False, f"{argv[0]} was not found", "")
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode("utf-8", "replace")
        return CommandResult(False, f"timed out after {timeout:g} s", _tail(out))
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        return CommandResult(False, f"exited with code {done.returncode}", _tail(out))
    return CommandResult(True, "passed", _tail(out))


# What any program needs to start and find its tools; nothing here can hold a secret.
BASIC_TEST_ENV = (
    *("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TZ", "TMPDIR"),
    *("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "VIRTUAL_ENV"),
)


def environment_for_tests(
    environ: Mapping[str, str], pass_env: list[str], database_env: str, dev_url: str
) -> dict[str, str]:
    """Only the basics, the variables release.toml passes, and the dev database's URL: never
    the production URL, the deploy hooks or the notification URLs."""
    names = [*BASIC_TEST_ENV, *pass_env]
    env = {name: environ[name] for name in names if name in environ}
    env[database_env] = dev_url
    return env


def run_tests(
    command: str,
    environ: Mapping[str, str],
    *,
    pass_env: list[str],
    database_env: str,
    dev_url: str,
    cwd: Path,
    timeout: float,
) -> CommandResult:
    """The test command with `database_env` pointing at the dev database."""
    env = environment_for_tests(environ, pass_env, database_env, dev_url)
    return run_command(command, env, cwd, timeout)
