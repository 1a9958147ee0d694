"""Deliver one message on one channel. Discord and the webhook go through the release
notifier's bounded-retry POST; email through the standard library's smtplib, STARTTLS or SSL as
set. A failure comes back as a short reason with every secret masked, never raised."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from dragonfly.core.secrets import redact
from dragonfly.release.notify import post_json
from dragonfly.services.alerts.channels import SmtpChannel

HTTP_TIMEOUT = 10.0
HTTP_RETRIES = 1  # quick retries in place; the job's own retries come later
HTTP_MAX_WAIT = 5.0


def post_digest(url: str, payload: dict[str, Any], secrets: list[str]) -> tuple[bool, str]:
    ok, message = post_json(
        url, payload, timeout=HTTP_TIMEOUT, retries=HTTP_RETRIES, max_wait=HTTP_MAX_WAIT
    )
    return ok, redact(message, secrets)


def _tls_context(channel: SmtpChannel) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if channel.ca_file is not None:
        context.load_verify_locations(cafile=str(channel.ca_file))
    return context


def _connect(channel: SmtpChannel) -> smtplib.SMTP:
    if channel.security == "ssl":
        return smtplib.SMTP_SSL(
            channel.host, channel.port, timeout=channel.timeout, context=_tls_context(channel)
        )
    server = smtplib.SMTP(channel.host, channel.port, timeout=channel.timeout)
    if channel.security == "starttls":
        server.starttls(context=_tls_context(channel))
    return server


def _log_in(server: smtplib.SMTP, username: str, password: str) -> None:
    """Log in with PLAIN, or LOGIN when the server does not offer PLAIN or does not know it
    (504). smtplib's own login() tries a refused password again with every method offered, and
    each try counts toward the mailbox's lockout: here a refused password (535) is tried once."""
    server.ehlo_or_helo_if_needed()
    offered = server.esmtp_features.get("auth", "").upper().split()
    server.user, server.password = username, password
    if "PLAIN" in offered:
        try:
            server.auth("PLAIN", server.auth_plain)
            return
        except smtplib.SMTPAuthenticationError as exc:
            if exc.smtp_code != 504 or "LOGIN" not in offered:
                raise
    if "LOGIN" in offered:
        server.auth("LOGIN", server.auth_login)
        return
    raise smtplib.SMTPNotSupportedError(
        "the SMTP server offers no login by PLAIN or LOGIN"
        + (f" (it offers {', '.join(offered)})" if offered else "")
    )


def send_email(channel: SmtpChannel, message: EmailMessage, secrets: list[str]) -> tuple[bool, str]:
    """Send one message; (delivered, what happened)."""
    try:
        with _connect(channel) as server:
            if channel.username:
                _log_in(server, channel.username, channel.password or "")
            refused = server.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        return False, f"the SMTP server refused the login (code {exc.smtp_code})"
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        return False, redact(f"not sent: {type(exc).__name__}: {exc}", secrets)[:300]
    if refused:
        return False, "the SMTP server refused the recipient"
    return True, "delivered"
