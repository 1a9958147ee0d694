"""The digest as one plain-text email per subscriber: the firm's figures, then the deadlines the
subscriber owns (their cases: index number, court, due day, balance, the next step and a link)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from dragonfly.services.alerts.digest import KIND_LABELS, Digest, UserDeadlines
from dragonfly.services.alerts.wording import (
    counted,
    desk_link,
    dollars,
    judgment_link,
    long_day,
)
from dragonfly.services.desk import DueItem, next_step


def _when(item: DueItem) -> str:
    if item.days_left < 0:
        return f"{-item.days_left} days overdue"
    if item.days_left == 0:
        return "today"
    return "tomorrow" if item.days_left == 1 else f"in {item.days_left} days"


def _item_lines(item: DueItem, dashboard_url: str) -> list[str]:
    where = " · ".join(x for x in (item.court_code, item.county_code) if x)
    return [
        f"- {item.due_on.isoformat()} ({_when(item)}): {KIND_LABELS.get(item.name, item.name)}"
        f" — {item.index_number}{f' ({where})' if where else ''}, balance {dollars(item.balance)}",
        f"  Next step: {next_step(item)}",
        f"  {judgment_link(dashboard_url, item.judgment_id)}",
    ]


def email_body(digest: Digest, mine: UserDeadlines, dashboard_url: str) -> str:
    lines = [
        f"What is due — {long_day(digest.day)}",
        "",
        f"The firm: {counted(digest.deadlines, 'deadline')} overdue or due within "
        f"{max(digest.lead_days)} days, {dollars(digest.at_stake)} at stake.",
    ]
    lines += [
        f"  {band.title}: {counted(band.deadlines, 'deadline')}, {dollars(band.at_stake)}"
        for band in digest.bands
    ]
    lines += ["", f"Deadlines desk: {desk_link(dashboard_url, 'overdue')}", ""]
    if not mine.overdue and not mine.upcoming:
        lines.append("Nothing you own is overdue or due within the lead times.")
    if mine.overdue:
        lines += ["Your overdue deadlines", ""]
        for item in mine.overdue:
            lines += _item_lines(item, dashboard_url)
        lines.append("")
    if mine.upcoming:
        lines += [f"Yours due within {max(digest.lead_days)} days", ""]
        for item in mine.upcoming:
            lines += _item_lines(item, dashboard_url)
        lines.append("")
    if mine.more:
        lines.append(f"More of yours on the desk (My desk): {desk_link(dashboard_url, 'overdue')}")
    lines += [
        "",
        "You receive this because you subscribed to Dragonfly's daily digest (or your role did).",
        "Acknowledged and snoozed deadlines are left out.",
    ]
    return "\n".join(lines) + "\n"


def email_message(
    digest: Digest,
    mine: UserDeadlines,
    *,
    sender: str,
    recipient: str,
    recipient_name: str,
    dashboard_url: str,
) -> EmailMessage:
    message = EmailMessage()
    owned = len(mine.overdue) + len(mine.upcoming)
    message["Subject"] = (
        f"What is due {digest.day.isoformat()}: {counted(owned, 'deadline')} of yours, "
        f"{counted(digest.deadlines, 'deadline')} in all"
    )
    message["From"] = formataddr(("Dragonfly deadlines", sender))
    message["To"] = formataddr((recipient_name, recipient)) if recipient_name else recipient
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message.set_content(email_body(digest, mine, dashboard_url))
    return message
