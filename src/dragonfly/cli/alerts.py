"""`dragonfly alerts`: preview and send the daily digest of what is due, and manage who gets it
by email (users one by one, or a role)."""

from __future__ import annotations

import socket
from decimal import Decimal
from typing import Any

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.config import Settings
from dragonfly.core.database import connect
from dragonfly.errors import ConfigError, InputError
from dragonfly.services.alerts.channels import DigestSettings, digest_settings
from dragonfly.services.alerts.send import WENT_OUT, preview, require_channels, send_digest
from dragonfly.services.alerts.subscriptions import (
    Subscription,
    list_subscriptions,
    subscribe,
    unsubscribe,
)

EXIT_CODES = (
    "Exit codes: 0 ok; 1 a channel did not take the digest, or no such subscription; 2 bad "
    "input or settings (no channel set, a malformed setting); 3 database unreachable."
)
ACTOR = "cli"
alerts_app = typer.Typer(
    help="The daily digest of what is due: preview, send, subscriptions.\n\n" + EXIT_CODES,
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")


def _settings() -> DigestSettings:
    """The digest's settings from the environment, checked; a malformed one is a ConfigError
    naming the variable (never its value: it may be a secret)."""
    try:
        settings = Settings()
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]).upper() for e in exc.errors() if e.get("loc"))
        raise ConfigError(
            f"Malformed setting(s): {names}. See docs/ARCHITECTURE.md, Settings."
        ) from None
    return digest_settings(settings)


def _print_preview(shown: dict[str, Any]) -> None:
    console.print(
        f"[bold]Digest for {shown['day']}[/]: {shown['deadlines']} deadline(s), "
        f"${Decimal(shown['at_stake']):,.2f} at stake. Channels: {', '.join(shown['channels'])}."
    )
    if shown["discord"] is not None:
        embed = shown["discord"]["embeds"][0]
        console.rule("Discord")
        console.print(escape(embed["title"]), highlight=False)
        console.print(escape(embed["description"]), highlight=False)
        for item in embed["fields"]:
            console.print(f"[bold]{escape(item['name'])}[/]", highlight=False)
            console.print(escape(item["value"]), highlight=False)
    if shown["webhook"] is not None:
        console.rule("Webhook (JSON)")
        console.print_json(data=shown["webhook"])
    if shown["email"] is not None:
        console.rule(f"Email ({len(shown['email'])} subscriber(s))")
        for mail in shown["email"]:
            console.print(f"To: {escape(mail['to'])}\nSubject: {escape(mail['subject'])}\n")
            console.print(escape(mail["body"]), highlight=False)


@alerts_app.command("preview")
def preview_command(as_json: bool = AsJson) -> None:
    """Print what the digest would send today, per channel; sends nothing."""
    settings = _settings()
    require_channels(settings)
    with connect(autocommit=True) as conn:
        shown = preview(conn, settings)
    if as_json:
        emit_json(shown)
    else:
        _print_preview(shown)


@alerts_app.command("send")
def send_command(
    now: bool = typer.Option(False, "--now", help="Send now, whatever the time of day."),
    again: bool = typer.Option(
        False, "--again", help="Send even though today's digest went out already."
    ),
    as_json: bool = AsJson,
) -> None:
    """Send today's digest now and record it (the daily job then sends no other today)."""
    if not now:
        raise InputError("Say --now to send the digest now (the worker sends it daily by itself).")
    settings = _settings()
    with connect(autocommit=True) as conn:
        outcome = send_digest(conn, settings, sender=f"cli on {socket.gethostname()}", again=again)
    result = {
        "day": outcome.day,
        "sent": outcome.sent,
        "skipped": outcome.skipped,
        "deliveries": outcome.deliveries,
    }
    if as_json:
        emit_json(result)
    elif outcome.sent:
        for channel, what in outcome.deliveries.items():
            console.print(f"{channel}: {escape(what)}")
        console.print(f"Digest for {outcome.day} sent.")
    elif outcome.skipped == WENT_OUT:
        console.print(f"Nothing sent: {outcome.skipped}. Use --again to send it once more.")
    else:  # another sender has the day at this moment
        console.print(
            f"Nothing sent: {outcome.skipped}; it arrives when that send finishes, or is "
            "tried again if it fails (--again after that sends it once more)."
        )


def _show(subs: list[Subscription], as_json: bool) -> None:
    if as_json:
        emit_json([vars(s) for s in subs])
        return
    table = Table("id", "user", "role", "added by")
    for s in subs:
        table.add_row(str(s.id), s.user_email or "", s.role or "", s.created_by)
    console.print(table)


@alerts_app.command("subscriptions")
def subscriptions_command(as_json: bool = AsJson) -> None:
    """Who gets the digest by email: users, and roles (every enabled user of the role)."""
    with connect(autocommit=True) as conn:
        _show(list_subscriptions(conn), as_json)


@alerts_app.command("subscribe")
def subscribe_command(
    user: str = typer.Option(None, "--user", help="A user's sign-in email."),
    role: str = typer.Option(None, "--role", help="admin | ops | viewer: every user of it."),
    as_json: bool = AsJson,
) -> None:
    """Subscribe a user, or a role, to the emailed digest."""
    with connect(autocommit=True) as conn:
        made = subscribe(conn, user=user, role=role, actor=ACTOR)
    _show([made], as_json)


@alerts_app.command("unsubscribe")
def unsubscribe_command(subscription_id: int = typer.Argument(..., help="Its id.")) -> None:
    """End a subscription (see `dragonfly alerts subscriptions` for ids)."""
    with connect(autocommit=True) as conn:
        unsubscribe(conn, subscription_id, actor=ACTOR)
    console.print(f"Subscription {subscription_id} ended.")
