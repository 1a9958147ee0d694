"""Run `dragonfly ...` in this process, as the console script does, and capture what it says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dragonfly.cli.main import run
from dragonfly.core.config import get_settings


def run_cli(
    args: list[str],
    environ: dict[str, str],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `dragonfly *args` with `environ` added to the env."""
    capsys.readouterr()
    with monkeypatch.context() as patch:
        for key, value in environ.items():
            patch.setenv(key, value)
        if "GITHUB_STEP_SUMMARY" not in environ:
            patch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        patch.setenv("DRAGONFLY_HOME", str(home))
        patch.setattr(sys, "argv", ["dragonfly", *args])
        get_settings.cache_clear()
        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            get_settings.cache_clear()
    out, err = capsys.readouterr()
    return code, out, err
