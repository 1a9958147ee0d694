"""The runbook and `--help` state the pipeline's real exit codes and message titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dragonfly.release import model
from dragonfly.release.model import Outcome
from dragonfly.release.report import TITLES

from .cli import run_cli

RUNBOOK = (Path(__file__).resolve().parents[2] / "docs" / "RUNBOOK.md").read_text()
EXIT_CODES = {
    name: value
    for name, value in vars(model).items()
    if name.startswith("EXIT_") and isinstance(value, int)
}


def test_runbook_lists_every_exit_code() -> None:
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", RUNBOOK, flags=re.M))
    assert sorted(int(code) for code in table) == sorted(EXIT_CODES.values())


def test_help_lists_every_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["release", "--help"], {}, tmp_path, monkeypatch, capsys)
    assert code == 0
    text = " ".join(out.split())
    for value in EXIT_CODES.values():
        assert re.search(rf"\b{value} [a-z]", text), value


@pytest.mark.parametrize(
    "outcome", [Outcome.SUCCESS, Outcome.WARNINGS, Outcome.FAILED, Outcome.CANCELLED]
)
def test_runbook_quotes_the_real_message_titles(outcome: Outcome) -> None:
    assert TITLES[outcome].format(project="Dragonfly") in RUNBOOK


def _setting_names() -> set[str]:
    from dragonfly.release import config

    models = [
        config.ReleaseConfig,
        config.DatabasesConfig,
        config.TestsConfig,
        config.MigrationsConfig,
        config.LockConfig,
        config.TargetConfig,
        config.VerifyConfig,
        config.NotifierConfig,
        config.SecretsConfig,
    ]
    return {name for model in models for name in model.model_fields} - {"base_dir"}


def test_every_release_setting_is_documented_in_release_toml() -> None:
    shipped = (Path(__file__).resolve().parents[2] / "release.toml").read_text()
    missing = sorted(name for name in _setting_names() if not re.search(rf"\b{name}\b", shipped))
    assert missing == []
