"""The release scenarios end to end: real databases, real HTTP servers, real subprocesses."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg

from dragonfly.release import Outcome, StepStatus, load_release_config, run_release

from .conftest import COMMIT, Release, add_migration, release_rows, snapshot

FUTURE = "2999123100000"


def statuses(report: object) -> dict[str, str]:
    run = report.run  # type: ignore[attr-defined]
    return {s.key: s.status.value for s in run.steps}


def test_all_green_applies_migrations_deploys_verifies_and_sends_one_green_message(
    release: Release,
) -> None:
    first = add_migration(
        release.migrations, FUTURE + "1", "add_notes", "create table t1 (id int);"
    )
    second = add_migration(
        release.migrations, FUTURE + "2", "add_more", "alter table t1 add column note text;"
    )

    report = release.run()

    assert report.exit_code == 0
    assert report.run.outcome is Outcome.SUCCESS
    assert set(statuses(report).values()) == {"success"}
    assert report.pending == [first, second]
    assert release.cloud.hook_calls == {"backend": 1, "dashboard": 1}
    with psycopg.connect(release.environ["SUPABASE_DB_URL_PROD"]) as conn:
        assert conn.execute("select count(*) from t1").fetchone() == (0,)
    [message] = release.cloud.discord_delivered
    embed = message["embeds"][0]
    assert embed["title"].startswith("🚀") and "FAILED" not in embed["title"]
    assert embed["color"] == 0x2ECC71
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Commit"] == f"`{COMMIT[:7]}`"
    assert fields["Author"] == "dana-dev" and fields["Branch"] == "main"
    assert "https://github.com/example/dragonfly/actions/runs/4242" in fields["Run"]
    assert any(name.startswith("✅ Verify backend") for name in fields)
    assert release.cloud.webhook_delivered[0]["outcome"] == "success"
    runs, steps = release_rows(release.environ["SUPABASE_DB_URL_PROD"])
    assert [r["outcome"] for r in runs] == ["success"]
    assert runs[0]["commit_sha"] == COMMIT and runs[0]["exit_code"] == 0
    assert [s["status"] for s in steps] == ["success"] * len(steps)
    assert steps[-1]["name"] == "Notify"


def test_failing_tests_leave_production_identical_and_send_a_red_message(
    release: Release,
) -> None:
    add_migration(release.migrations, FUTURE + "1", "never_applied", "create table t2 (id int);")
    release.test_command = (
        f'"{sys.executable}" -c "print(\'3 failed, 40 passed\'); raise SystemExit(1)"'
    )
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    before = snapshot(prod)

    report = release.run()

    assert report.exit_code == 1
    assert snapshot(prod) == before
    assert release.cloud.hook_calls == {}
    assert statuses(report)["migrations"] == "skipped"
    [message] = release.cloud.discord_delivered
    embed = message["embeds"][0]
    assert embed["title"] == "❌ Dragonfly Prod Deploy FAILED"
    assert embed["color"] == 0xE74C3C
    assert "Stopped at Tests" in embed["description"]
    assert "Production is unchanged" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "3 failed, 40 passed" in fields["❌ Tests (dev database)"]
    runs, _ = release_rows(prod)
    assert runs[0]["outcome"] == "failed" and runs[0]["failed_step"] == "Tests (dev database)"


def test_failing_migration_changes_nothing_from_that_file_and_deploys_nothing(
    release: Release,
) -> None:
    good = add_migration(release.migrations, FUTURE + "1", "good", "create table t3 (id int);")
    bad = add_migration(
        release.migrations,
        FUTURE + "2",
        "bad",
        "create table t4 (id int);\ninsert into no_such_table values (1);\n",
    )
    prod = release.environ["SUPABASE_DB_URL_PROD"]

    report = release.run()

    assert report.exit_code == 2
    assert release.cloud.hook_calls == {}
    with psycopg.connect(prod) as conn:
        tables = {r[0] for r in conn.execute("select tablename from pg_tables")}
    assert "t3" in tables and "t4" not in tables  # files are applied one transaction each
    step = report.run.step("migrations")
    assert step.status is StepStatus.FAILED and bad in step.message
    [message] = release.cloud.discord_delivered
    embed = message["embeds"][0]
    assert "FAILED" in embed["title"]
    assert bad in embed["description"] and good in embed["description"]
    assert "old version keeps running" in embed["description"]


def test_backend_hook_500_still_deploys_dashboard_and_is_amber(release: Release) -> None:
    release.cloud.hook_status["backend"] = 500

    report = release.run()

    assert report.exit_code == 10
    assert report.run.outcome is Outcome.WARNINGS
    assert statuses(report)["deploy:backend"] == "warning"
    assert statuses(report)["verify:backend"] == "skipped"
    assert statuses(report)["deploy:dashboard"] == "success"
    assert statuses(report)["verify:dashboard"] == "success"
    assert release.cloud.hook_calls == {"backend": 1, "dashboard": 1}
    [message] = release.cloud.discord_delivered
    embed = message["embeds"][0]
    assert embed["title"] == "⚠️ Dragonfly Prod deployed with warnings"
    assert "HTTP 500" in embed["description"]


def test_verification_that_never_sees_the_new_commit_is_amber(release: Release) -> None:
    release.cloud.hook_sets_version = False  # the hook answers, but the old app keeps running

    report = release.run()

    assert report.exit_code == 10
    assert statuses(report)["verify:backend"] == "warning"
    assert "0123456" in report.run.step("verify:backend").message
    title = release.cloud.discord_delivered[0]["embeds"][0]["title"]
    assert "with warnings" in title and "🚀" not in title


def test_unset_hook_variable_is_a_grey_skip_and_never_green(release: Release) -> None:
    del release.environ["VERCEL_DEPLOY_WEBHOOK"]

    report = release.run()

    assert statuses(report)["deploy:dashboard"] == "skipped"
    assert "VERCEL_DEPLOY_WEBHOOK is not set" in report.run.step("deploy:dashboard").message
    assert report.run.outcome is Outcome.WARNINGS and report.exit_code == 10
    assert release.cloud.hook_calls == {"backend": 1}
    fields = release.cloud.discord_delivered[0]["embeds"][0]["fields"]
    assert any(f["name"] == "⚪ Deploy dashboard (Vercel)" for f in fields)


def test_discord_429_then_success_delivers_exactly_one_message(release: Release) -> None:
    release.cloud.discord_script = ["429", "429-header"]

    report = release.run()

    assert report.exit_code == 0
    assert release.cloud.discord_attempts == 3
    assert len(release.cloud.discord_delivered) == 1
    assert report.run.step("notify").status is StepStatus.SUCCESS


def test_discord_down_does_not_change_the_exit_code(release: Release) -> None:
    release.cloud.discord_script = ["hang", "500", "500"]

    report = release.run()

    assert report.exit_code == 0 and report.run.outcome is Outcome.SUCCESS
    assert release.cloud.discord_delivered == []
    assert report.run.step("notify").status is StepStatus.WARNING
    assert release.cloud.webhook_delivered  # the other notifier still got the news


def test_unreachable_discord_keeps_the_failure_exit_code(release: Release) -> None:
    release.environ["DISCORD_WEBHOOK_URL"] = "http://127.0.0.1:9/discord/closed-port"
    release.test_command = f'"{sys.executable}" -c "raise SystemExit(3)"'

    report = release.run()

    assert report.exit_code == 1
    assert report.run.step("notify").status is StepStatus.WARNING


def test_first_release_onto_an_empty_database_records_the_run_there(
    release: Release, empty_prod_url: str
) -> None:
    release.environ["SUPABASE_DB_URL_PROD"] = empty_prod_url

    report = release.run()

    assert report.exit_code == 0, report.as_dict()
    assert "production database" in report.recorded
    runs, steps = release_rows(empty_prod_url)
    assert runs[0]["outcome"] == "success"
    assert steps[0]["name"] == "Preflight" and steps[0]["status"] == "success"


def test_long_test_output_still_fits_discord_limits(release: Release) -> None:
    release.test_command = (
        f'"{sys.executable}" -c "[print(str(i) * 900) for i in range(40)]; raise SystemExit(1)"'
    )

    release.run()

    assert release.cloud.discord_rejections == []
    assert len(release.cloud.discord_delivered) == 1


def test_malformed_hook_url_fails_preflight_without_showing_it(release: Release) -> None:
    release.environ["VERCEL_DEPLOY_WEBHOOK"] = "vercel-secret-token-without-scheme"
    prod = release.environ["SUPABASE_DB_URL_PROD"]
    before = snapshot(prod)

    report = release.run()

    assert report.exit_code == 3
    message = report.run.step("preflight").message
    assert "VERCEL_DEPLOY_WEBHOOK is not an http(s) URL" in message
    assert "vercel-secret-token" not in str(report.as_dict())
    assert snapshot(prod) == before and release.cloud.hook_calls == {}


def test_command_targets_run_and_a_failing_one_is_a_warning(
    release: Release, tmp_path: Path
) -> None:
    marker = tmp_path / "deployed.txt"
    config = tmp_path / "commands.toml"
    config.write_text(
        f"""
[tests]
command = '''{release.test_command}'''
[migrations]
directory = "{release.migrations.as_posix()}"
[[deploy]]
name = "api"
kind = "command"
command = '''"{sys.executable}" -c "open(r'{marker}', 'w').write('ok')"'''
[deploy.verify]
url = "{release.cloud.base_url}/version/api"
timeout_seconds = 0.3
interval_seconds = 0.1
[[deploy]]
name = "web"
kind = "command"
command = '''"{sys.executable}" -c "print('quota exceeded'); raise SystemExit(7)"'''
""",
        encoding="utf-8",
    )
    release.cloud.version_commit["api"] = COMMIT  # the command "deployed" it

    report = run_release(load_release_config(config), release.environ, home=release.home)

    assert marker.read_text() == "ok"
    assert statuses(report)["deploy:api"] == "success"
    assert statuses(report)["verify:api"] == "success"
    web = report.run.step("deploy:web")
    assert web.status is StepStatus.WARNING and "quota exceeded" in web.message
    assert statuses(report)["verify:web"] == "skipped"
    assert report.exit_code == 10
