"""What the digest looks like: Discord's limits hold however many lead times there are, and with
DRAGONFLY_SCREENSHOTS=1 the Discord embed, the webhook's JSON and the email of a sample
portfolio are written to docs/ (with a Chromium rendering of the embed and the email), since
real Discord cannot be screenshotted from the tests."""

from __future__ import annotations

import html
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from alerts.conftest import Portfolio, channel_settings
from alerts.smtp_server import Mailbox
from dragonfly.services.alerts.channels import digest_settings
from dragonfly.services.alerts.send import preview
from release.servers import Cloud, discord_problems

TODAY = date(2026, 11, 23)
DOCS = Path(__file__).resolve().parents[2] / "docs"


def add_more_deadlines(db: psycopg.Connection[Any], portfolio: Portfolio) -> None:
    """A subpoena answer overdue and an execution returnable tomorrow, both the owner's, and a
    satisfied judgment whose satisfaction piece is due within the month."""
    for kind, state, name, due in (
        ("information_subpoena", "served", "answer_due", TODAY - timedelta(days=3)),
        ("property_execution", "levied", "return_due", TODAY + timedelta(days=1)),
    ):
        action = db.execute(
            "insert into enforcement_actions (judgment_id, kind, state, due_on, created_by)"
            " values (%s, %s, %s, %s, 'test') returning id",
            (portfolio.expiring, kind, state, due),
        ).fetchone()[0]  # type: ignore[index]
        # The running deadline, as the enforcement service stores it at each step.
        db.execute(
            "insert into action_deadlines (action_id, name, due_on) values (%s, %s, %s)",
            (action, name, due),
        )


def test_the_embed_fits_discord_with_forty_lead_times(
    app_conn: psycopg.Connection[Any],
    db: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
) -> None:
    add_more_deadlines(db, portfolio)
    many = ",".join(str(n) for n in range(1, 41))
    settings = digest_settings(channel_settings(cloud, mailbox, dragonfly_digest_lead_days=many))
    shown = preview(app_conn, settings, TODAY)
    embed = shown["discord"]["embeds"][0]
    assert discord_problems(shown["discord"]) == []
    assert len(embed["fields"]) == 25  # 41 bands, cut to Discord's 25 fields
    # One judgment with three deadlines: its balance is at stake once, not three times.
    assert shown["deadlines"] == 3
    assert shown["at_stake"] == str(
        db.execute(
            "select balance from judgment_values where judgment_id = %s", (portfolio.expiring,)
        ).fetchone()[0]  # type: ignore[index]
    )
    assert (
        embed["fields"][0]["name"]
        == "Overdue: 1 deadline, " + embed["fields"][0]["name"].split(", ", 1)[1]
    )


def _markdown(text: str) -> str:
    """The little of Discord's markdown the embed uses: **bold** and [links](url)."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"\[(.+?)\]\((.+?)\)", r"<a href='\2'>\1</a>", out)
    return out.replace("\n", "<br>")


def _embed_html(payload: dict[str, Any]) -> str:
    embed = payload["embeds"][0]
    fields = "".join(
        f"<div class='field'><div class='name'>{html.escape(f['name'])}</div>"
        f"<div class='value'>{_markdown(f['value'])}</div></div>"
        for f in embed["fields"]
    )
    return f"""<!doctype html><meta charset="utf-8"><style>
body {{ background:#313338; color:#dbdee1; font:15px/1.4 system-ui, sans-serif; padding:24px; }}
.embed {{ max-width:560px; background:#2b2d31; border-left:4px solid #{embed["color"]:06x};
  border-radius:4px; padding:12px 16px; }}
.title {{ color:#00a8fc; font-weight:600; margin-bottom:8px; }}
.name {{ font-weight:600; margin-top:10px; color:#f2f3f5; }}
.footer {{ font-size:12px; color:#949ba4; margin-top:12px; }}
.who {{ font-weight:600; color:#f2f3f5; margin-bottom:6px; }}
a {{ color:#00a8fc; text-decoration:none; }}
</style><div class="who">{html.escape(payload["username"])}</div><div class="embed">
<div class="title">{html.escape(embed["title"])}</div>
<div>{_markdown(embed["description"])}</div>{fields}
<div class="footer">{html.escape(embed["footer"]["text"])}</div></div>"""


def _email_html(mail: dict[str, str]) -> str:
    return f"""<!doctype html><meta charset="utf-8"><style>
body {{ font:14px/1.45 system-ui, sans-serif; padding:24px; background:#f4f4f5; }}
.mail {{ max-width:760px; background:white; border:1px solid #ddd; padding:16px 20px; }}
pre {{ white-space:pre-wrap; font:13px/1.45 ui-monospace, monospace; }}
</style><div class="mail"><div><b>To:</b> {html.escape(mail["to"])}</div>
<div><b>Subject:</b> {html.escape(mail["subject"])}</div><hr><pre>{html.escape(mail["body"])}</pre>
</div>"""


@pytest.mark.skipif(
    os.environ.get("DRAGONFLY_SCREENSHOTS") != "1", reason="set DRAGONFLY_SCREENSHOTS=1 to refresh"
)
def test_write_the_digest_renderings_into_docs(
    app_conn: psycopg.Connection[Any],
    db: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import sync_playwright

    from browser.conftest import CHROMIUM_ARGS

    add_more_deadlines(db, portfolio)
    settings = digest_settings(channel_settings(cloud, mailbox))
    shown = preview(app_conn, settings, TODAY)
    # The sample's URLs are the settings' (with their planted tokens): never in the docs.
    (DOCS / "digest-discord.json").write_text(json.dumps(shown["discord"], indent=2) + "\n")
    (DOCS / "digest-webhook.json").write_text(json.dumps(shown["webhook"], indent=2) + "\n")
    mail = shown["email"][0]
    (DOCS / "digest-email.txt").write_text(
        f"To: {mail['to']}\nSubject: {mail['subject']}\n\n{mail['body']}"
    )
    pages = {"digest-discord.png": _embed_html(shown["discord"]),
             "digest-email.png": _email_html(mail)}  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 820, "height": 600})
        for name, text in pages.items():
            (tmp_path / "page.html").write_text(text)
            page.goto((tmp_path / "page.html").as_uri())
            page.screenshot(path=str(DOCS / "screenshots" / name), full_page=True)
        browser.close()
