"""The daily digest end to end on a real database: figures, the three channels against real
receivers (aiosmtpd over STARTTLS with a login, HTTP servers as Discord and a webhook), one
digest a day, a failed channel retried alone, and no planted secret anywhere."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from alerts.conftest import (
    DEBTOR,
    DISCORD_TOKEN,
    EXPIRING_BALANCE,
    OWNER,
    SECRETS,
    Portfolio,
    channel_settings,
)
from alerts.smtp_server import Mailbox
from dragonfly.services.alerts.channels import digest_settings
from dragonfly.services.alerts.digest import compute_digest
from dragonfly.services.alerts.runs import claim_day, digest_run, finish_day
from dragonfly.services.alerts.send import DigestNotSent, preview, send_digest
from dragonfly.services.desk import deadlines_between
from release.servers import Cloud, discord_problems

TODAY = date(2026, 11, 23)  # the suite's pinned business date


def test_a_judgment_expiring_in_seven_days_is_in_the_seven_day_band_with_its_step(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio
) -> None:
    digest = compute_digest(app_conn, (30, 7, 1), TODAY)
    bands = {band.key: band for band in digest.bands}
    assert list(bands) == ["overdue", "1", "7", "30"]
    week = bands["7"]
    assert (week.first, week.last) == (TODAY + timedelta(days=2), TODAY + timedelta(days=7))
    expiring = [k for k in week.kinds if k.name == "judgment_expires"]
    assert len(expiring) == 1
    assert expiring[0].deadlines == 1 and expiring[0].at_stake >= Decimal(EXPIRING_BALANCE)
    assert "CPLR 211(b)" in expiring[0].next_step  # the step that saves it
    # The other judgment expires in about 60 days: outside every lead time.
    assert all(k.name != "judgment_expires" for k in bands["30"].kinds)
    assert bands["1"].deadlines == 0 and bands["overdue"].deadlines == 0


def test_lead_times_are_configurable_and_a_longer_one_catches_the_later_judgment(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio
) -> None:
    digest = compute_digest(app_conn, (90, 3), TODAY)
    bands = {band.key: band for band in digest.bands}
    assert list(bands) == ["overdue", "3", "90"]
    kinds = {k.name: k for k in bands["90"].kinds}
    assert kinds["judgment_expires"].deadlines == 2  # the 7-day one and the ~60-day one


def test_the_digest_reaches_discord_the_webhook_and_the_owner_by_email_once_a_day(
    app_conn: psycopg.Connection[Any],
    db: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = digest_settings(channel_settings(cloud, mailbox))
    outcome = send_digest(app_conn, settings, sender="test", today=TODAY)
    assert outcome.sent

    # Discord: within its limits, counts and money, links to the desk, no personal data.
    assert len(cloud.discord_delivered) == 1 and not cloud.discord_rejections
    discord = cloud.discord_delivered[0]
    assert discord_problems(discord) == []
    embed = discord["embeds"][0]
    text = str(discord)
    balance = db.execute(
        "select balance from judgment_values where judgment_id = %s", (portfolio.expiring,)
    ).fetchone()[0]  # type: ignore[index]
    assert balance > Decimal(EXPIRING_BALANCE)  # the principal with twenty years' interest
    assert f"${balance:,.2f}" in embed["fields"][2]["name"]
    assert "https://dragonfly.firm.example/#/enforcement?window=next_7_days" in text
    assert "Judgment expires" in text and "CPLR 211(b)" in text
    assert DEBTOR not in text and "CV-000777" not in text and OWNER not in text
    assert embed["fields"][2]["name"].startswith("Due within 7 days: 1 deadline")

    # The webhook: the same figures as JSON.
    assert len(cloud.webhook_delivered) == 1
    hook = cloud.webhook_delivered[0]
    assert hook["event"] == "dragonfly.digest" and hook["day"] == "2026-11-23"
    week = next(b for b in hook["bands"] if b["key"] == "7")
    assert [k["name"] for k in week["kinds"]] == ["judgment_expires"]
    assert DEBTOR not in str(hook)

    # Email: over STARTTLS after a login, to the subscribed owner, listing their case.
    assert mailbox.logins == ["digest"]
    assert len(mailbox.messages) == 1
    mail = mailbox.messages[0]
    assert OWNER in str(mail["To"])
    body = mail.get_content()  # type: ignore[attr-defined]
    assert "CV-000777-06/KI" in body and "2026-11-30 (in 7 days)" in body
    assert "Judgment expires" in body and f"balance ${balance:,.2f}" in body
    assert f"https://dragonfly.firm.example/#/judgments/{portfolio.expiring}" in body
    assert "Next step: Collect or record a payment" in body

    # Recorded once; a second send the same day (another worker, a rerun) sends nothing.
    run = digest_run(app_conn, TODAY)
    assert run is not None and run.status == "sent"
    assert sorted(run.delivered) == sorted(["discord", "webhook", f"email:{portfolio.owner_id}"])
    again = send_digest(app_conn, settings, sender="second worker", today=TODAY)
    assert not again.sent and again.skipped
    assert len(cloud.discord_delivered) == len(cloud.webhook_delivered) == 1
    assert len(mailbox.messages) == 1

    # No planted secret in any message, log line or database row.
    leaked = [bytes(raw) for raw in mailbox.raw] + [str(cloud.discord_delivered).encode()]
    leaked.append(str(cloud.webhook_delivered).encode())
    # Our own loggers and the HTTP client's (the test's SMTP server logs its side too).
    ours = [r.getMessage() for r in caplog.records if r.name.startswith(("dragonfly", "httpx"))]
    assert any("daily digest" in line for line in ours)
    leaked.append("\n".join(ours).encode())
    rows = db.execute(
        "select coalesce(string_agg(r::text, ' '), '') from digest_runs r"
        " union all select coalesce(string_agg(a::text, ' '), '') from audit_events a"
    ).fetchall()
    leaked += [str(r[0]).encode() for r in rows]
    for secret in SECRETS:
        assert all(secret.encode() not in blob for blob in leaked), secret


def test_a_failed_channel_is_retried_alone_and_no_token_is_recorded(
    app_conn: psycopg.Connection[Any],
    portfolio: Portfolio,
    cloud: Cloud,
    mailbox: Mailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = digest_settings(channel_settings(cloud, mailbox))
    cloud.discord_script = ["500", "500"]  # the first attempt and its quick retry
    with pytest.raises(DigestNotSent) as failure:
        send_digest(app_conn, settings, sender="test", today=TODAY)
    assert "discord" in failure.value.message and DISCORD_TOKEN not in failure.value.message
    run = digest_run(app_conn, TODAY)
    assert run is not None and run.status == "failed" and run.problem
    assert "webhook" in run.delivered and "discord" not in run.delivered
    assert DISCORD_TOKEN not in run.problem and DISCORD_TOKEN not in caplog.text
    assert len(cloud.webhook_delivered) == 1 and len(mailbox.messages) == 1

    retried = send_digest(app_conn, settings, sender="retry", today=TODAY)
    assert retried.sent and set(retried.deliveries) == {"discord", "email"}
    assert len(cloud.discord_delivered) == 1
    assert len(cloud.webhook_delivered) == 1 and len(mailbox.messages) == 1  # not sent twice
    final = digest_run(app_conn, TODAY)
    assert final is not None and (final.status, final.attempts) == ("sent", 2)


def test_an_ssl_smtp_server_gets_the_email_and_a_wrong_password_is_a_clear_failure(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio, cloud: Cloud, tmp_path: Any
) -> None:
    from alerts.smtp_server import running_smtp

    with running_smtp(tmp_path, security="ssl", username="digest", password="right") as box:
        wrong = digest_settings(
            channel_settings(
                cloud,
                box,
                dragonfly_smtp_security="ssl",
                dragonfly_smtp_password="wrong-one",
                dragonfly_digest_discord_url=None,
                dragonfly_digest_webhook_url=None,
                dragonfly_smtp_timeout=3,
            )
        )
        with pytest.raises(DigestNotSent) as failure:
            send_digest(app_conn, wrong, sender="test", today=TODAY)
        assert "email to user" in failure.value.message
        assert "the SMTP server refused the login (code 535)" in failure.value.message
        assert "wrong-one" not in failure.value.message
        assert box.messages == [] and box.logins == []
        assert box.refused_logins == 1  # one try: a refused password is not tried again
        right = digest_settings(
            channel_settings(
                cloud,
                box,
                dragonfly_smtp_security="ssl",
                dragonfly_smtp_password="right",
                dragonfly_digest_discord_url=None,
                dragonfly_digest_webhook_url=None,
            )
        )
        assert send_digest(app_conn, right, sender="test", today=TODAY).sent
        assert len(box.messages) == 1 and box.logins == ["digest"]


@pytest.mark.parametrize("plain", ["absent", "unrecognized"])
def test_a_server_without_a_working_plain_login_is_logged_in_by_login_once(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio, cloud: Cloud, tmp_path: Any,
    plain: str,
) -> None:  # fmt: skip
    from alerts.smtp_server import running_smtp

    with running_smtp(
        tmp_path, security="ssl", username="digest", password="right", plain=plain
    ) as box:

        def settings_with(password: str) -> Any:
            return digest_settings(
                channel_settings(
                    cloud, box, dragonfly_smtp_security="ssl", dragonfly_smtp_password=password,
                    dragonfly_digest_discord_url=None, dragonfly_digest_webhook_url=None,
                    dragonfly_smtp_timeout=3,
                )
            )  # fmt: skip

        with pytest.raises(DigestNotSent) as failure:
            send_digest(app_conn, settings_with("wrong-one"), sender="test", today=TODAY)
        assert "the SMTP server refused the login (code 535)" in failure.value.message
        assert box.refused_logins == 1 and box.messages == []
        assert send_digest(app_conn, settings_with("right"), sender="test", today=TODAY).sent
        assert len(box.messages) == 1 and box.logins == ["digest"]


def test_a_resend_never_sends_alongside_a_worker_that_is_sending(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio, cloud: Cloud, mailbox: Mailbox
) -> None:
    settings = digest_settings(channel_settings(cloud, mailbox))
    assert claim_day(app_conn, TODAY, "worker on host-2") is not None  # it is mid-send
    busy = send_digest(app_conn, settings, sender="cli", today=TODAY, again=True)
    assert not busy.sent
    assert busy.skipped == "today's digest is being sent right now (worker on host-2)"
    assert cloud.discord_delivered == [] and mailbox.messages == []
    finish_day(app_conn, TODAY, sent=True, summary={})
    assert send_digest(app_conn, settings, sender="cli", today=TODAY, again=True).sent
    assert len(cloud.discord_delivered) == 1  # once, by the resend alone


def test_preview_shows_every_channel_and_sends_nothing(
    app_conn: psycopg.Connection[Any], portfolio: Portfolio, cloud: Cloud, mailbox: Mailbox
) -> None:
    shown = preview(app_conn, digest_settings(channel_settings(cloud, mailbox)), TODAY)
    assert shown["channels"] == ["discord", "webhook", "email"]
    assert [m["to"] for m in shown["email"]] == [f"Olive Owner <{OWNER}>"]
    assert discord_problems(shown["discord"]) == []
    assert not cloud.discord_delivered and not mailbox.messages
    assert digest_run(app_conn, TODAY) is None


def test_the_digest_leaves_out_what_the_desk_dismissed_by_the_latest_word(
    app_conn: psycopg.Connection[Any], db: psycopg.Connection[Any], portfolio: Portfolio
) -> None:
    def in_week() -> int:
        week = next(b for b in compute_digest(app_conn, (30, 7, 1), TODAY).bands if b.key == "7")
        return week.deadlines

    def dismiss(snoozed_until: date | None) -> None:
        db.execute(
            "insert into desk_dismissals (judgment_id, name, due_on, snoozed_until, reason,"
            " created_by) values (%s, 'judgment_expires', '2026-11-30', %s, 'why', 'test')",
            (portfolio.expiring, snoozed_until),
        )

    assert in_week() == 1
    dismiss(None)  # acknowledged
    assert in_week() == 0
    dismiss(date(2026, 11, 20))  # then snoozed until a day now past: the latest word, so it shows
    assert in_week() == 1
    dismiss(date(2026, 12, 1))  # snoozed past today
    assert in_week() == 0
    assert deadlines_between(app_conn, TODAY, TODAY + timedelta(days=7), today=TODAY) == []
