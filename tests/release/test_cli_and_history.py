"""What a person or a script sees from `dragonfly release`, `history` and `demo`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dragonfly.release.demo import run_demo

from .cli import run_cli
from .conftest import COMMIT, Release


def test_release_prints_each_step_and_writes_the_github_summary(
    release: Release,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    summary = tmp_path / "step-summary.md"
    env = {**release.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    args = ["release", "--config", str(release.config_path())]
    code, out, _ = run_cli(args, env, release.home, monkeypatch, capsys)

    assert code == 0
    assert "✅ Migrations (production): succeeded" in out
    assert "🚀 Dragonfly Prod Deployed" in out
    assert "recorded in the production database as release run #1" in out
    table = summary.read_text()
    assert "| ✅ Verify backend (Railway) | succeeded |" in table
    assert f"Commit `{COMMIT[:7]}` by dana-dev on main" in table


def test_json_output_carries_outcome_steps_and_exit_code(
    release: Release, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    release.cloud.hook_status["dashboard"] = 503
    args = ["release", "--json", "--config", str(release.config_path())]

    code, out, _ = run_cli(args, release.environ, release.home, monkeypatch, capsys)

    data = json.loads(out)
    assert code == 10 and data["exit_code"] == 10 and data["outcome"] == "warnings"
    steps = {s["key"]: s["status"] for s in data["steps"]}
    assert steps["deploy:dashboard"] == "warning" and steps["deploy:backend"] == "success"
    assert data["notifications"][0]["delivered"] is True


def test_history_lists_database_runs_and_local_records(
    release: Release, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    release.run()  # recorded in production
    cut_off = {**release.environ, "SUPABASE_DB_URL_PROD": "postgresql://x@127.0.0.1:9/prod"}
    config = str(release.config_path())
    run_cli(["release", "--config", config], cut_off, release.home, monkeypatch, capsys)

    code, out, _ = run_cli(
        ["release", "history", "--json", "--config", config],
        release.environ,
        release.home,
        monkeypatch,
        capsys,
    )

    data = json.loads(out)
    assert code == 0
    places = [r["recorded_in"] for r in data["runs"]]
    assert places[1] == "production database"
    assert places[0].endswith(".json")  # the newer run could not reach production
    assert [r["outcome"] for r in data["runs"]] == ["failed", "success"]
    assert data["runs"][1]["steps"][0]["name"] == "Preflight"

    code, out, _ = run_cli(
        ["release", "history", "--config", config], cut_off, release.home, monkeypatch, capsys
    )
    assert code == 0 and "unreadable" in out and "failed" in out


def test_demo_releases_green_then_amber_with_a_broken_backend(
    dev_url: str, empty_prod_url: str, tmp_path: Path
) -> None:
    green = run_demo(tmp_path, {}, dev_url=dev_url, prod_url=empty_prod_url)
    amber = run_demo(tmp_path, {}, broken={"backend"}, dev_url=dev_url, prod_url=empty_prod_url)

    assert green.report.exit_code == 0, green.report.as_dict()
    assert green.messages[0]["embeds"][0]["title"] == "🚀 Dragonfly Prod Deployed"
    assert amber.report.exit_code == 10
    assert amber.messages[0]["embeds"][0]["title"].startswith("⚠️")
    assert "release run #2" in amber.report.recorded


def test_demo_refuses_an_unknown_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        ["release", "demo", "--break", "database"], {}, tmp_path, monkeypatch, capsys
    )
    assert code == 2 and "--break takes backend or dashboard" in err
