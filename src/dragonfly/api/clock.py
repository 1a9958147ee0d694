"""'Today' for the business is the date in New York, whatever the server's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")


def ny_today() -> date:
    return datetime.now(NEW_YORK).date()
