"""Words shared by the digest's messages: money, dates, counts and dashboard links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def dollars(amount: Decimal | None) -> str:
    """$46,468.93 (a balance not yet valued shows as 'not valued')."""
    return "not valued" if amount is None else f"${amount:,.2f}"


def long_day(day: date) -> str:
    """Monday 23 November 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def counted(n: int, noun: str) -> str:
    """'1 deadline', '2 deadlines'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def desk_link(dashboard_url: str, window: str) -> str:
    return f"{dashboard_url}/#/enforcement?window={window}"


def judgment_link(dashboard_url: str, judgment_id: int) -> str:
    return f"{dashboard_url}/#/judgments/{judgment_id}"
