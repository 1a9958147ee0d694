"""Preview and send the daily digest: compute the figures once, build each channel's message,
claim the day (one digest a day, whoever sends), deliver what is not yet delivered, record it.
Secrets are masked in everything returned, logged or stored."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.secrets import masked_logs, redact
from dragonfly.errors import ConfigError, DragonflyError
from dragonfly.services.alerts.channels import DigestSettings
from dragonfly.services.alerts.digest import Digest, compute_digest, deadlines_of_user
from dragonfly.services.alerts.discord_embed import discord_payload
from dragonfly.services.alerts.email_message import email_message
from dragonfly.services.alerts.runs import claim_day, finish_day, record_delivery, sending_now
from dragonfly.services.alerts.senders import post_digest, send_email
from dragonfly.services.alerts.subscriptions import recipients
from dragonfly.services.alerts.webhook_payload import webhook_payload

log = logging.getLogger("dragonfly.alerts")
NEW_YORK = ZoneInfo("America/New_York")
# The loggers a send writes through: ours, and httpx's, which logs every URL it posts to (a
# webhook URL holds its token).
SENDING_LOGGERS = ("dragonfly.alerts", "httpx")


class DigestNotSent(DragonflyError):
    """A channel did not take the digest; the job tries again (bounded)."""

    code = "digest_not_sent"


def require_channels(settings: DigestSettings) -> None:
    if not settings.configured():
        raise ConfigError(
            "No digest channel is set: set DRAGONFLY_DIGEST_DISCORD_URL, "
            "DRAGONFLY_DIGEST_WEBHOOK_URL or DRAGONFLY_SMTP_HOST (docs/RUNBOOK.md, Daily digest)."
        )


def is_time_to_send(settings: DigestSettings, now: datetime) -> bool:
    """Whether New York's clock has passed the digest's time today (DST handled by zoneinfo)."""
    local: time = now.astimezone(NEW_YORK).time()
    return local >= settings.send_after


@dataclass(frozen=True)
class Outgoing:
    """Every message of one day's digest, built but not sent."""

    digest: Digest
    discord: dict[str, Any] | None
    webhook: dict[str, Any] | None
    emails: list[tuple[int, Any]] = field(default_factory=list)  # (user id, EmailMessage)


def build_outgoing(
    conn: psycopg.Connection[Any], settings: DigestSettings, today: date | None = None
) -> Outgoing:
    today = today or today_in_new_york()
    digest = compute_digest(conn, settings.lead_days, today)
    url = settings.dashboard_url
    emails = []
    if settings.smtp is not None:
        for person in recipients(conn):
            mine = deadlines_of_user(conn, person.user_id, settings.lead_days, today)
            message = email_message(
                digest, mine, sender=settings.smtp.sender, recipient=person.email,
                recipient_name=person.display_name, dashboard_url=url,
            )  # fmt: skip
            emails.append((person.user_id, message))
    return Outgoing(
        digest=digest,
        discord=discord_payload(digest, url) if settings.discord_url else None,
        webhook=webhook_payload(digest, url) if settings.webhook_url else None,
        emails=emails,
    )


def preview(
    conn: psycopg.Connection[Any], settings: DigestSettings, today: date | None = None
) -> dict[str, Any]:
    """What would be sent, per channel (a channel without settings is null)."""
    out = build_outgoing(conn, settings, today)
    return {
        "day": out.digest.day.isoformat(),
        "deadlines": out.digest.deadlines,
        "at_stake": str(out.digest.at_stake),
        "channels": settings.configured(),
        "discord": out.discord,
        "webhook": out.webhook,
        "email": None
        if settings.smtp is None
        else [
            {"to": str(m["To"]), "subject": str(m["Subject"]), "body": m.get_content()}
            for _, m in out.emails
        ],
    }


WENT_OUT = "today's digest went out already"
BEING_SENT = "today's digest is being sent right now"


@dataclass(frozen=True)
class SendOutcome:
    day: date
    sent: bool
    skipped: str | None
    deliveries: dict[str, str]  # what arrived or failed, by channel


def send_digest(
    conn: psycopg.Connection[Any],
    settings: DigestSettings,
    *,
    sender: str,
    today: date | None = None,
    again: bool = False,
) -> SendOutcome:
    """Send today's digest unless it went out already (or another sender holds it). Raises
    DigestNotSent, with the day left 'failed' for a retry, when a channel did not take it."""
    require_channels(settings)
    with masked_logs(settings.secrets(), SENDING_LOGGERS):
        return _send(conn, settings, sender=sender, today=today, again=again)


def _send(
    conn: psycopg.Connection[Any],
    settings: DigestSettings,
    *,
    sender: str,
    today: date | None,
    again: bool,
) -> SendOutcome:
    today = today or today_in_new_york()
    claim = claim_day(conn, today, sender, again=again)
    if claim is None:
        busy = sending_now(conn, today)
        return SendOutcome(today, False, WENT_OUT if busy is None else f"{BEING_SENT} ({busy})", {})
    secrets = settings.secrets()
    done = set(claim.delivered)
    results: dict[str, str] = {}
    failed: list[str] = []
    try:
        out = build_outgoing(conn, settings, today)
        posts = [("discord", settings.discord_url, out.discord)]
        posts.append(("webhook", settings.webhook_url, out.webhook))
        for name, url, payload in posts:
            if url is None or payload is None or name in done:
                continue
            ok, what = post_digest(url, payload, secrets)
            results[name] = what
            if ok:
                record_delivery(conn, today, name)
            else:
                failed.append(f"{name}: {what}")
        if settings.smtp is not None:
            sent = 0
            for user_id, message in out.emails:
                key = f"email:{user_id}"
                if key in done:
                    continue
                ok, what = send_email(settings.smtp, message, secrets)
                if ok:
                    sent += 1
                    record_delivery(conn, today, key)
                else:
                    failed.append(f"email to user {user_id}: {what}")
            results["email"] = f"{sent} of {len(out.emails)} subscriber(s) sent"
    except Exception as exc:
        problem = redact(f"{type(exc).__name__}: {exc}", secrets)[:500]
        finish_day(conn, today, sent=False, summary={}, problem=problem)
        raise
    summary = {
        "deadlines": out.digest.deadlines,
        "at_stake": str(out.digest.at_stake),
        "bands": {b.key: b.deadlines for b in out.digest.bands},
        "emails": len(out.emails),
    }
    if failed:
        problem = redact("; ".join(failed), secrets)[:1000]
        finish_day(conn, today, sent=False, summary=summary, problem=problem)
        log.warning("daily digest for %s not fully sent: %s", today, problem)
        raise DigestNotSent(
            f"The digest for {today} did not reach every channel ({problem}); what arrived is "
            "recorded and the rest is tried again."
        )
    finish_day(conn, today, sent=True, summary=summary)
    log.info("daily digest for %s sent: %s", today, results)
    return SendOutcome(today, True, None, results)
