"""Which rules table is in force, and what day it is in New York."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dragonfly.core.config import Settings, get_settings
from dragonfly.domain.rules import Rules, load_rules

NEW_YORK = ZoneInfo("America/New_York")


def active_rules(settings: Settings | None = None) -> Rules:
    """The firm's rules table when DRAGONFLY_RULES is set, else the shipped one."""
    settings = settings or get_settings()
    return load_rules(settings.dragonfly_rules)


def today_in_new_york() -> date:
    return datetime.now(NEW_YORK).date()
