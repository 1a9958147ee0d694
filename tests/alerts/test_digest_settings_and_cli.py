"""Malformed digest settings and input: a clear message naming the setting (never a secret's
value), a non-zero exit from the CLI, a 4xx with a JSON error from the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from alerts.conftest import OWNER, SMTP_PASSWORD, WEBHOOK_TOKEN, Portfolio
from api.support import error_of
from core.dragonfly_subprocess import clean_env, dragonfly
from dragonfly.core.config import Settings
from dragonfly.errors import ConfigError
from dragonfly.services.alerts.channels import digest_settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"dragonfly_digest_lead_days": "30,x,1"}, "DRAGONFLY_DIGEST_LEAD_DAYS"),
        ({"dragonfly_digest_lead_days": "0,7"}, "1 to 366"),
        ({"dragonfly_digest_lead_days": ""}, "DRAGONFLY_DIGEST_LEAD_DAYS"),
        ({"dragonfly_digest_time": "25:00"}, "DRAGONFLY_DIGEST_TIME"),
        ({"dragonfly_digest_time": "7.30"}, "HH:MM"),
        ({"dragonfly_dashboard_url": "dragonfly.firm"}, "DRAGONFLY_DASHBOARD_URL"),
        ({"dragonfly_smtp_host": "mail", "dragonfly_smtp_security": "tls",
          "dragonfly_smtp_from": "a@b.example"}, "DRAGONFLY_SMTP_SECURITY"),
        ({"dragonfly_smtp_host": "mail"}, "DRAGONFLY_SMTP_FROM"),
        ({"dragonfly_smtp_host": "mail", "dragonfly_smtp_from": "a@b.example",
          "dragonfly_smtp_password": SMTP_PASSWORD}, "without DRAGONFLY_SMTP_USERNAME"),
        ({"dragonfly_smtp_host": "mail", "dragonfly_smtp_from": "a@b.example",
          "dragonfly_smtp_security": "none", "dragonfly_smtp_username": "u",
          "dragonfly_smtp_password": SMTP_PASSWORD}, "in the clear"),
    ],
)  # fmt: skip
def test_a_malformed_setting_is_named_and_no_secret_is_echoed(
    values: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        digest_settings(settings(**values))
    assert named in refused.value.message
    assert SMTP_PASSWORD not in refused.value.message


def test_a_webhook_url_that_is_not_http_is_refused_without_echoing_its_token() -> None:
    with pytest.raises(ConfigError) as refused:
        digest_settings(settings(dragonfly_digest_webhook_url=f"ftp://hooks/{WEBHOOK_TOKEN}"))
    assert "DRAGONFLY_DIGEST_WEBHOOK_URL" in refused.value.message
    assert WEBHOOK_TOKEN not in refused.value.message


def test_the_defaults_are_30_7_and_1_days_at_half_past_seven() -> None:
    checked = digest_settings(settings())
    assert checked.lead_days == (1, 7, 30)
    assert str(checked.send_after) == "07:30:00"
    assert checked.configured() == []


def alerts(*args: str, db_url: str, home: Path, **env: str) -> Any:
    return dragonfly("alerts", *args, env=clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(home),
                                                   **env))  # fmt: skip


def test_preview_without_a_channel_says_which_settings_to_set(db_url: str, tmp_path: Path) -> None:
    run = alerts("preview", db_url=db_url, home=tmp_path)
    assert run.returncode == 2
    assert "No digest channel is set" in run.stderr and "DRAGONFLY_SMTP_HOST" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_send_needs_now_and_a_malformed_setting_exits_2(db_url: str, tmp_path: Path) -> None:
    run = alerts("send", db_url=db_url, home=tmp_path)
    assert run.returncode == 2 and "--now" in run.stderr
    bad = alerts(
        "send", "--now", db_url=db_url, home=tmp_path, DRAGONFLY_SMTP_PORT="not-a-port",
        DRAGONFLY_SMTP_PASSWORD=SMTP_PASSWORD,
    )  # fmt: skip
    assert bad.returncode == 2 and "DRAGONFLY_SMTP_PORT" in bad.stderr
    assert SMTP_PASSWORD not in bad.stderr + bad.stdout and "Traceback" not in bad.stderr


def test_preview_json_and_send_now_through_the_cli(
    db_url: str, db: psycopg.Connection[Any], portfolio: Portfolio, tmp_path: Path, cloud: Any
) -> None:
    hook = f"{cloud.base_url}/notify/{WEBHOOK_TOKEN}"
    env = {"DRAGONFLY_DIGEST_WEBHOOK_URL": hook, "DRAGONFLY_DIGEST_DISCORD_URL":
           f"{cloud.base_url}/discord/1/tok"}  # fmt: skip
    shown = alerts("preview", "--json", db_url=db_url, home=tmp_path, **env)
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["channels"] == ["discord", "webhook"] and body["email"] is None
    assert body["webhook"]["bands"][2]["kinds"][0]["name"] == "judgment_expires"
    assert not cloud.webhook_delivered and WEBHOOK_TOKEN not in shown.stdout

    human = alerts("preview", db_url=db_url, home=tmp_path, **env)
    assert human.returncode == 0 and "Judgment expires" in human.stdout

    sent = alerts("send", "--now", db_url=db_url, home=tmp_path, **env)
    assert sent.returncode == 0, sent.stderr
    assert "Digest for 2026-11-23 sent" in sent.stdout and WEBHOOK_TOKEN not in sent.stdout
    assert len(cloud.webhook_delivered) == len(cloud.discord_delivered) == 1
    twice = alerts("send", "--now", db_url=db_url, home=tmp_path, **env)
    assert twice.returncode == 0 and "Nothing sent" in twice.stdout
    assert "Use --again to send it once more" in twice.stdout
    assert len(cloud.webhook_delivered) == 1
    again = alerts("send", "--now", "--again", db_url=db_url, home=tmp_path, **env)
    assert again.returncode == 0 and len(cloud.webhook_delivered) == 2
    with psycopg.connect(db_url, autocommit=True) as conn:  # a worker is sending it right now
        conn.execute(
            "update digest_runs set status = 'sending', claimed_by = 'worker on host-2',"
            " claimed_at = now()"
        )
    busy = alerts("send", "--now", "--again", db_url=db_url, home=tmp_path, **env)
    assert busy.returncode == 0 and len(cloud.webhook_delivered) == 2
    said = " ".join(busy.stdout.split())  # the console wraps long lines
    assert "being sent right now (worker on host-2); it arrives when that send finishes" in said


def test_subscriptions_through_the_cli(db_url: str, portfolio: Portfolio, tmp_path: Path) -> None:
    made = alerts("subscribe", "--role", "viewer", "--json", db_url=db_url, home=tmp_path)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)[0]["role"] == "viewer"
    both = alerts("subscribe", "--role", "ops", "--user", OWNER, db_url=db_url, home=tmp_path)
    assert both.returncode == 2 and "either a user" in both.stderr
    bad_role = alerts("subscribe", "--role", "boss", db_url=db_url, home=tmp_path)
    assert bad_role.returncode == 2 and "Role must be one of" in bad_role.stderr
    again = alerts("subscribe", "--user", OWNER, db_url=db_url, home=tmp_path)
    assert again.returncode == 1 and "already subscribed" in again.stderr
    listed = alerts("subscriptions", "--json", db_url=db_url, home=tmp_path)
    rows = json.loads(listed.stdout)
    assert {(r["user_email"], r["role"]) for r in rows} == {(OWNER, None), (None, "viewer")}
    gone = alerts("unsubscribe", "999", db_url=db_url, home=tmp_path)
    assert gone.returncode == 1 and "No digest subscription" in gone.stderr


def test_admins_manage_subscriptions_over_the_api(
    client: TestClient, tokens: dict[str, dict[str, str]], portfolio: Portfolio
) -> None:
    url = "/api/v1/alerts/subscriptions"
    assert client.get(url, headers=tokens["ops"]).status_code == 403
    made = client.post(url, json={"role": "ops"}, headers=tokens["admin"])
    assert made.status_code == 201 and made.json()["role"] == "ops"
    person = client.post(url, json={"user": "viewer@example.com"}, headers=tokens["admin"])
    assert person.status_code == 201 and person.json()["user_email"] == "viewer@example.com"
    assert client.post(url, json={"role": "ops"}, headers=tokens["admin"]).status_code == 409
    for body in ({}, {"role": "boss"}, {"role": "ops", "user": OWNER}, {"user": "x"}):
        refused = client.post(url, json=body, headers=tokens["admin"])
        assert refused.status_code == 422, body
        error_of(refused)
    missing = client.post(url, json={"user": "nobody@example.com"}, headers=tokens["admin"])
    assert missing.status_code == 404
    listed = client.get(url, headers=tokens["admin"]).json()["items"]
    assert len(listed) == 3  # the owner's (from the fixture), ops, the viewer
    gone = client.delete(f"{url}/{made.json()['id']}", headers=tokens["admin"])
    assert gone.status_code == 204
    assert client.delete(f"{url}/{made.json()['id']}", headers=tokens["admin"]).status_code == 404


def test_the_send_time_is_new_york_time_across_daylight_saving() -> None:
    from datetime import UTC, datetime

    from dragonfly.services.alerts.send import is_time_to_send

    checked = digest_settings(settings(dragonfly_digest_time="07:30"))
    # November: New York is UTC-5; July: UTC-4. The worker's clock is UTC.
    assert not is_time_to_send(checked, datetime(2026, 11, 23, 12, 29, tzinfo=UTC))
    assert is_time_to_send(checked, datetime(2026, 11, 23, 12, 31, tzinfo=UTC))
    assert not is_time_to_send(checked, datetime(2026, 7, 6, 11, 29, tzinfo=UTC))
    assert is_time_to_send(checked, datetime(2026, 7, 6, 11, 31, tzinfo=UTC))
