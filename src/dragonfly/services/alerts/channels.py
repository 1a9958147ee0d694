"""The digest's settings, checked once: lead times, the time of day, and each channel. A
channel's secret (SMTP password, a webhook URL holding its token) stays a SecretStr here; only a
sender reads it, and `secrets()` lists them for masking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from dragonfly.core.config import Settings
from dragonfly.errors import ConfigError

CHANNELS = ("discord", "webhook", "email")
SMTP_SECURITY = ("starttls", "ssl", "none")
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SmtpChannel:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    sender: str
    ca_file: Path | None
    timeout: float


@dataclass(frozen=True)
class DigestSettings:
    lead_days: tuple[int, ...]  # ascending
    send_after: time  # New York local time
    dashboard_url: str
    discord_url: str | None
    webhook_url: str | None
    smtp: SmtpChannel | None

    def configured(self) -> list[str]:
        """The channels with settings, in sending order."""
        found = {"discord": self.discord_url, "webhook": self.webhook_url, "email": self.smtp}
        return [name for name in CHANNELS if found[name]]

    def secrets(self) -> list[str]:
        """Every secret value of these settings, for masking anything about to leave."""
        values = [self.discord_url, self.webhook_url, self.smtp.password if self.smtp else None]
        return [v for v in values if v]


def parse_lead_days(text: str) -> tuple[int, ...]:
    """'30,7,1' -> (1, 7, 30). Each a whole number of days from 1 to 366, no repeats."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise ConfigError(
            f"DRAGONFLY_DIGEST_LEAD_DAYS {text!r} is not a list of days: write whole numbers "
            "separated by commas, such as 30,7,1."
        )
    days = sorted({int(p) for p in parts})
    if days[0] < 1 or days[-1] > 366:
        raise ConfigError(
            f"DRAGONFLY_DIGEST_LEAD_DAYS {text!r}: each lead time must be 1 to 366 days."
        )
    return tuple(days)


def parse_send_time(text: str) -> time:
    """'07:30' -> 07:30, New York local time."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise ConfigError(
            f"DRAGONFLY_DIGEST_TIME {text!r} is not a time of day: write HH:MM (24-hour, "
            "New York time), such as 07:30."
        )
    return time(int(match[1]), int(match[2]))


def _web_url(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not re.match(r"^https?://[^/\s]+", value):
        # Never echo the value: it may hold the webhook's token.
        raise ConfigError(f"{name} is not an http(s) URL; set the full address of the webhook.")
    return value


def _smtp(settings: Settings) -> SmtpChannel | None:
    if not settings.dragonfly_smtp_host:
        return None
    security = settings.dragonfly_smtp_security.strip().lower()
    if security not in SMTP_SECURITY:
        raise ConfigError(
            f"DRAGONFLY_SMTP_SECURITY {settings.dragonfly_smtp_security!r} must be one of "
            f"{', '.join(SMTP_SECURITY)}."
        )
    sender = (settings.dragonfly_smtp_from or "").strip()
    if not _ADDRESS.match(sender):
        raise ConfigError(
            "DRAGONFLY_SMTP_FROM must be the digest's From address (such as "
            "deadlines@firm.example) when DRAGONFLY_SMTP_HOST is set."
        )
    password = settings.dragonfly_smtp_password
    if password is not None and not settings.dragonfly_smtp_username:
        raise ConfigError("DRAGONFLY_SMTP_PASSWORD is set without DRAGONFLY_SMTP_USERNAME.")
    if security == "none" and password is not None:
        raise ConfigError(
            "DRAGONFLY_SMTP_SECURITY none would send the SMTP password in the clear: use "
            "starttls or ssl."
        )
    ca_file = settings.dragonfly_smtp_ca_file
    if ca_file is not None and not ca_file.is_file():
        raise ConfigError(f"DRAGONFLY_SMTP_CA_FILE {ca_file} is not a file.")
    return SmtpChannel(
        host=settings.dragonfly_smtp_host.strip(),
        port=settings.dragonfly_smtp_port,
        security=security,
        username=settings.dragonfly_smtp_username,
        password=password.get_secret_value() if password else None,
        sender=sender,
        ca_file=ca_file,
        timeout=settings.dragonfly_smtp_timeout,
    )


def digest_settings(settings: Settings) -> DigestSettings:
    """The digest's settings, checked; ConfigError names the first wrong one."""
    discord = settings.dragonfly_digest_discord_url
    webhook = settings.dragonfly_digest_webhook_url
    dashboard = settings.dragonfly_dashboard_url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", dashboard):
        raise ConfigError(
            f"DRAGONFLY_DASHBOARD_URL {dashboard!r} is not an http(s) address (such as "
            "https://dragonfly.firm.example)."
        )
    return DigestSettings(
        lead_days=parse_lead_days(settings.dragonfly_digest_lead_days),
        send_after=parse_send_time(settings.dragonfly_digest_time),
        dashboard_url=dashboard,
        discord_url=_web_url(
            "DRAGONFLY_DIGEST_DISCORD_URL", discord.get_secret_value() if discord else None
        ),
        webhook_url=_web_url(
            "DRAGONFLY_DIGEST_WEBHOOK_URL", webhook.get_secret_value() if webhook else None
        ),
        smtp=_smtp(settings),
    )
