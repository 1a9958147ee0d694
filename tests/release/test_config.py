"""release.toml validation, run metadata, Discord's limits and the summary table."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dragonfly.release import load_release_config
from dragonfly.release.discord import MAX_EMBED_TOTAL, discord_payload, embed_size
from dragonfly.release.metadata import run_metadata
from dragonfly.release.model import Outcome, Run, RunMetadata, Step, StepStatus

from .cli import run_cli
from .servers import discord_problems

REPO = Path(__file__).resolve().parents[2]

VALID = """
[tests]
command = "true"
[[deploy]]
name = "backend"
kind = "webhook"
url_env = "RAILWAY_DEPLOY_WEBHOOK"
"""


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[tests\ncommand = 1", "not valid TOML"),
        ("[databases]\ndev_url_env = 'X'", "tests: Field required"),
        ('[tests]\ncommand = ""', "tests.command"),
        (VALID.replace('"webhook"', '"ftp"'), "deploy[0].kind"),
        (VALID.replace('url_env = "RAILWAY_DEPLOY_WEBHOOK"', ""), "deploy[0]: Value error"),
        (VALID + "expected_status = 'ok'", "deploy[0].expected_status"),
        (VALID + "[deploy.verify]\ntimeout_seconds = 5", "deploy[0].verify"),
        (VALID + "colour = 'red'", "deploy[0].colour: Extra inputs"),
        ('[tests]\ncommand = "x"\n[lock]\nwait_seconds = -1', "lock.wait_seconds"),
        ('[tests]\ncommand = "x"\n[databases]\nprod_url_env = "not a name"', "prod_url_env"),
        ('[tests]\ncommand = "x"\n[[notify]]\nkind = "slack"\nurl_env = "X"', "notify[0].kind"),
    ],
)
def test_malformed_release_toml_names_the_field_and_exits_3(
    text: str,
    named: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "release.toml"
    path.write_text(text)

    code, out, err = run_cli(["release", "--config", str(path)], {}, tmp_path, monkeypatch, capsys)

    assert code == 3
    assert named in err and "Traceback" not in err + out


def test_missing_release_toml_exits_3_with_json_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["release", "--json", "--config", str(tmp_path / "nope.toml")]
    code, out, _ = run_cli(args, {}, tmp_path, monkeypatch, capsys)
    assert code == 3
    assert '"code": "release_config"' in out and "not found" in out


def test_shipped_release_toml_uses_the_documented_variables() -> None:
    config = load_release_config(REPO / "release.toml")
    assert config.databases.dev_url_env == "SUPABASE_DB_URL_DEV"
    assert config.databases.prod_url_env == "SUPABASE_DB_URL_PROD"
    hooks = {t.name: t.url_env for t in config.deploy}
    assert hooks == {"backend": "RAILWAY_DEPLOY_WEBHOOK", "dashboard": "VERCEL_DEPLOY_WEBHOOK"}
    assert config.notify[0].url_env == "DISCORD_WEBHOOK_URL"
    assert config.migrations_dir() == REPO / "supabase" / "migrations"


def test_metadata_comes_from_github_actions_when_present(tmp_path: Path) -> None:
    env = {
        "GITHUB_SHA": "abcdef1234567890",
        "GITHUB_ACTOR": "octo",
        "GITHUB_REF_NAME": "main",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/dragonfly",
        "GITHUB_RUN_ID": "99",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "push",
    }
    meta = run_metadata(env, tmp_path)
    assert (meta.commit, meta.author, meta.branch) == ("abcdef1234567890", "octo", "main")
    assert meta.run_url == "https://github.com/acme/dragonfly/actions/runs/99"
    assert meta.triggered_by == "github-actions (push)"


def test_metadata_falls_back_to_local_git(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "feature-x")
    git(
        "-c",
        "user.name=Lee Local",
        "-c",
        "user.email=l@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
    )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()

    meta = run_metadata({}, tmp_path)

    assert (meta.commit, meta.author, meta.branch) == (head, "Lee Local", "feature-x")
    assert meta.run_url is None and meta.triggered_by.startswith("local")


def _huge_run() -> Run:
    meta = RunMetadata("f" * 40, "a" * 300, "b" * 300, "https://example.com/run", "local (x)")
    run = Run(meta, outcome=Outcome.FAILED)
    run.steps = [Step(f"deploy:{i}", f"Deploy target number {i} " + "n" * 300) for i in range(30)]
    for step in run.steps:
        step.status = StepStatus.WARNING
        step.message = "x" * 5000
    run.steps[0].key, run.steps[0].status = "preflight", StepStatus.FAILED
    run.steps.append(Step("migrations", "Migrations"))
    run.production_note = "p" * 5000
    return run


def test_discord_message_is_cut_to_discords_limits() -> None:
    payload = discord_payload(_huge_run(), "Dragonfly" * 40)

    assert discord_problems(payload) == []
    embed = payload["embeds"][0]
    assert embed_size(embed) <= MAX_EMBED_TOTAL
    assert embed["fields"][0]["name"] == "Commit"  # the identifying fields survive the cut
    assert payload["allowed_mentions"] == {"parse": []}
