"""The business date: today in New York, whatever the server's zone, unless a setting pins it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dragonfly.core.config import get_settings

NEW_YORK = ZoneInfo("America/New_York")


def today_in_new_york(now: datetime | None = None) -> date:
    """The date in New York at `now` (default: this instant), or DRAGONFLY_TODAY when it is set.

    Every 'today' in Dragonfly comes from here, so tests and demonstrations can pin one date.
    """
    if now is None:
        pinned = get_settings().dragonfly_today
        if pinned is not None:
            return pinned
        now = datetime.now(UTC)
    return now.astimezone(NEW_YORK).date()
