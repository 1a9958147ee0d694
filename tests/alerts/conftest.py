"""Digest fixtures: a small portfolio with a judgment expiring in seven days, its owner
subscribed, planted secrets, and the real receivers (SMTP, Discord and a JSON webhook)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from alerts.smtp_server import Mailbox, running_smtp
from api.support import add_judgment
from app_role_login import as_app
from dragonfly.core.config import Settings
from release.servers import Cloud, running_cloud

# Planted secrets: none may appear in a message, a log line or a database row.
SMTP_PASSWORD = "planted-smtp-password-7Qx2"
DISCORD_TOKEN = "planted-discord-token-Kv93"
WEBHOOK_TOKEN = "planted-webhook-token-Zp41"
SECRETS = (SMTP_PASSWORD, DISCORD_TOKEN, WEBHOOK_TOKEN)
DEBTOR = "Lee Roe Personal"  # personal data Discord and the webhook must never carry
OWNER = "owner@example.com"
EXPIRING_BALANCE = "46468.93"


@dataclass
class Portfolio:
    expiring: int  # entered 2006-11-30: expires 2026-11-30, seven days after the pinned today
    later: int  # expires in about 60 days: beyond every lead time
    owner_id: int
    other_id: int


@pytest.fixture
def portfolio(db: psycopg.Connection[Any]) -> Portfolio:
    owner = db.execute(
        "insert into users (email, display_name, role, password_hash)"
        " values (%s, 'Olive Owner', 'ops', 'x') returning id",
        (OWNER,),
    ).fetchone()[0]  # type: ignore[index]
    other = db.execute(
        "insert into users (email, display_name, role, password_hash)"
        " values ('other@example.com', 'Vic Viewer', 'viewer', 'x') returning id"
    ).fetchone()[0]  # type: ignore[index]
    expiring = add_judgment(
        db, index_number="CV-000777-06/KI", principal=EXPIRING_BALANCE,
        entry_date=date(2006, 11, 30), debtor=DEBTOR,
    )  # fmt: skip
    later = add_judgment(
        db, index_number="CV-000888-07/KI", principal="90000.00",
        entry_date=date(2007, 1, 20), debtor="Someone Else",
    )  # fmt: skip
    db.execute("update judgments set owner_id = %s where id = %s", (owner, expiring))
    db.execute(
        "insert into alert_subscriptions (user_id, created_by) values (%s, 'test')", (owner,)
    )
    return Portfolio(expiring=expiring, later=later, owner_id=owner, other_id=other)


@pytest.fixture
def app_conn(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """The app role's connection, as the worker and the CLI use."""
    with psycopg.connect(as_app(db_url), autocommit=True) as conn:
        yield conn


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    with running_cloud() as running:
        yield running


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    with running_smtp(tmp_path, username="digest", password=SMTP_PASSWORD) as box:
        yield box


def channel_settings(cloud: Cloud, mailbox: Mailbox, **extra: Any) -> Settings:
    """Every channel set, each holding a planted secret."""
    values: dict[str, Any] = {
        "dragonfly_dashboard_url": "https://dragonfly.firm.example",
        "dragonfly_digest_discord_url": f"{cloud.base_url}/discord/123/{DISCORD_TOKEN}",
        "dragonfly_digest_webhook_url": f"{cloud.base_url}/notify/{WEBHOOK_TOKEN}",
        "dragonfly_smtp_host": mailbox.host,
        "dragonfly_smtp_port": mailbox.port,
        "dragonfly_smtp_security": "starttls",
        "dragonfly_smtp_username": "digest",
        "dragonfly_smtp_password": SMTP_PASSWORD,
        "dragonfly_smtp_from": "deadlines@firm.example",
        "dragonfly_smtp_ca_file": mailbox.cert,
        "dragonfly_smtp_timeout": 10,
    }
    values.update(extra)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


from api.conftest import api_settings, client, password_hash, tokens  # noqa: E402,F401
