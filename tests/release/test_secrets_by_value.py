"""Secrets are masked by value, whatever their variable is called, and the test command gets only
what release.toml lists for it."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from .cli import run_cli
from .conftest import Release, release_rows

VERIFY_TOKEN = "verify-path-Gq83"
VERIFY_PASSWORD = "vpass-Lm26"
PORTAL_LOGIN = "portal-login-Rt51"


def _plant_verify_url(release: Release) -> str:
    """A /version URL that is secret as a whole, under a name that does not look secret."""
    host = release.cloud.base_url.removeprefix("http://")
    url = f"http://probe:{VERIFY_PASSWORD}@{host}/version/backend/{VERIFY_TOKEN}"
    release.environ["DRAGONFLY_BACKEND_VERSION_URL"] = url
    return url


def _assert_clean(text: str, *values: str) -> None:
    for value in (VERIFY_TOKEN, VERIFY_PASSWORD, PORTAL_LOGIN, *values):
        assert value not in text, f"{value!r} leaked"


def test_dry_run_masks_a_secret_url_whatever_its_variable_is_called(
    release: Release, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _plant_verify_url(release)
    args = ["release", "--dry-run", "--config", str(release.config_path())]

    code, out, err = run_cli(args, release.environ, release.home, monkeypatch, capsys)
    json_code, json_out, _ = run_cli(
        [*args, "--json"], release.environ, release.home, monkeypatch, capsys
    )

    assert (code, json_code) == (0, 0)
    assert "would poll $DRAGONFLY_BACKEND_VERSION_URL" in out
    for text in (out, err, json_out):
        _assert_clean(text, url)


def test_values_echoed_by_the_tests_are_masked_in_every_channel(
    release: Release,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    url = _plant_verify_url(release)
    release.environ["COURT_PORTAL_LOGIN"] = PORTAL_LOGIN
    release.tests_extra = 'pass_env = ["COURT_PORTAL_LOGIN", "DRAGONFLY_BACKEND_VERSION_URL"]'
    release.extra = '[secrets]\nenv = ["COURT_PORTAL_LOGIN"]'
    # The tests print the two values they were given, then fail: their output is kept.
    echo = (
        "import os; print(os.environ['DRAGONFLY_BACKEND_VERSION_URL']); "
        "print(os.environ['COURT_PORTAL_LOGIN']); raise SystemExit(1)"
    )
    release.test_command = f'"{sys.executable}" -c "{echo}"'
    summary = tmp_path / "summary.md"
    args = ["release", "--config", str(release.config_path()), "--summary-file", str(summary)]

    code, out, err = run_cli(args, release.environ, release.home, monkeypatch, capsys)

    assert code == 1
    assert "***" in out  # the tests' output is shown, masked
    runs, steps = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert runs[0]["outcome"] == "failed"
    assert len(release.cloud.discord_delivered) == 1 and len(release.cloud.webhook_delivered) == 1
    for text in (
        out,
        err,
        summary.read_text(),
        json.dumps(runs, default=str),
        json.dumps(steps, default=str),
        json.dumps(release.cloud.discord_delivered),
        json.dumps(release.cloud.webhook_delivered),
    ):
        _assert_clean(text, url)


def test_the_test_command_gets_only_what_release_toml_lists(
    release: Release, tmp_path: Path
) -> None:
    seen = tmp_path / "test-env.json"
    release.environ["HOME"] = str(tmp_path)
    release.environ["CI"] = "true"
    release.environ["UNLISTED_SETTING"] = "not-for-tests"
    release.tests_extra = 'pass_env = ["CI"]'
    dump = f"import json, os; open(r'{seen}', 'w').write(json.dumps(dict(os.environ)))"
    release.test_command = f'"{sys.executable}" -c "{dump}"'

    report = release.run()

    assert report.run.step("tests").status.value == "success"
    given = json.loads(seen.read_text())
    never = [
        "RAILWAY_DEPLOY_WEBHOOK",
        "VERCEL_DEPLOY_WEBHOOK",
        "DISCORD_WEBHOOK_URL",
        "RELEASE_NOTIFY_WEBHOOK_URL",
        "DRAGONFLY_BACKEND_VERSION_URL",
        "SUPABASE_DB_URL_PROD",
    ]
    for name in never:
        assert release.environ[name] not in given.values(), f"{name}'s value reached the tests"
    assert "UNLISTED_SETTING" not in given and "GITHUB_SHA" not in given
    assert given["DATABASE_URL"] == release.environ["SUPABASE_DB_URL_DEV"]
    assert given["CI"] == "true"
    assert given["PATH"] == release.environ["PATH"] and given["HOME"] == str(tmp_path)


def test_secret_urls_never_reach_the_logs(
    release: Release, caplog: pytest.LogCaptureFixture
) -> None:
    url = _plant_verify_url(release)
    discord = release.environ["DISCORD_WEBHOOK_URL"]
    caplog.set_level(logging.DEBUG)  # as verbose as anyone could configure it

    report = release.run()

    assert report.exit_code == 0
    assert caplog.records  # the HTTP client did log its requests
    for value in (url, VERIFY_TOKEN, VERIFY_PASSWORD, discord, "discord-token-0003"):
        assert value not in caplog.text
