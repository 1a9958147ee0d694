"""Secrets are masked wherever Dragonfly prints them."""

from __future__ import annotations

import logging

import pytest

from dragonfly.core.secrets import RedactingFilter, redact, redact_url, secret_values


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:pw@h:5432/d", "postgresql://u:***@h:5432/d"),
        ("postgresql://u@h/d", "postgresql://u@h/d"),
        ("https://h/hook?token=abc&x=1", "https://h/hook?token=***&x=1"),
        (
            "postgresql://postgres:@/dragonfly?host=/tmp/x",
            "postgresql://postgres:@/dragonfly?host=/tmp/x",
        ),
    ],
)
def test_redact_url_masks_passwords_and_tokens(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_secret_values_picks_variables_named_like_secrets() -> None:
    env = {
        "DISCORD_WEBHOOK_URL": "https://discord.example/api/webhooks/1/abcdef",
        "SUPABASE_DB_URL_PROD": "postgresql://u:p4ss@h/d",
        "API_TOKEN": "tok-123456",
        "HOME": "/home/user",
        "SHORT_KEY": "ab",
    }
    values = secret_values(env)
    assert "tok-123456" in values
    assert env["DISCORD_WEBHOOK_URL"] in values
    assert "/home/user" not in values
    assert "ab" not in values


def test_redact_masks_known_values_and_any_url_password() -> None:
    text = "calling https://hooks.example/abc123secret with postgresql://me:pw0rd@db/x"
    out = redact(text, ["abc123secret"])
    assert "abc123secret" not in out
    assert "pw0rd" not in out
    assert "postgresql://me:***@db/x" in out


def test_logging_filter_redacts_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("dragonfly.test.redaction")
    logger.addFilter(RedactingFilter(["s3cr3t-value"]))
    with caplog.at_level(logging.INFO, logger="dragonfly.test.redaction"):
        logger.info("token is %s", "s3cr3t-value")
    assert "s3cr3t-value" not in caplog.text
    assert "***" in caplog.text
