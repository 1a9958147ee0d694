"""The calendar feed card on the Enforcement screen in the real dashboard: ops gets the address
once, the address answers an iCalendar feed of what ops owns, the card then says the feed is live
without showing it again, and Revoke makes the address 404. An admin may choose every deadline.
Optionally saves docs/screenshots/calendar-feed.png (1440 px) and calendar-feed-phone.png
(390 px)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from api.support import add_judgment

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _card(page: Any) -> Any:
    return page.locator("section.card", has=page.locator("#calendar-feed"))


def test_ops_gets_the_feed_address_once_and_revokes_it(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        mine = add_judgment(conn, index_number="FEED-1/2006", principal="46468.93",
                            entry_date=date(2006, 11, 30), debtor="Planted Debtor")  # fmt: skip
        conn.execute(
            "update judgments set owner_id = (select id from users where email = %s) where id = %s",
            (site.users["ops"], mine),
        )
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/enforcement")
    card = _card(page)
    card.get_by_text("No feed yet").wait_for()
    assert card.locator("select").count() == 0  # only an admin chooses every deadline
    card.get_by_role("button", name="Get the address").click()
    address = card.get_by_label("Feed address")
    address.wait_for()
    url = address.input_value()
    assert "/calendar/dfc_" in url and url.endswith(".ics")
    card.get_by_text("it is not shown again").wait_for()
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        _screenshots(page, card)
    feed = page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert [str(e["summary"]).split(" (")[0] for e in events] == ["Judgment expires: FEED-1/2006"]
    assert b"Planted Debtor" not in feed.body()
    card.get_by_role("button", name="Done").click()
    card.get_by_text("Your feed is live").wait_for()
    assert card.get_by_label("Feed address").count() == 0
    card.get_by_role("button", name="Revoke").click()
    card.get_by_text("No feed yet").wait_for()
    assert page.request.get(url).status == 404
    assert page.js_errors == []

    admin = page_factory(390, 844)
    login(admin, "admin")
    admin.goto(f"{site.url}/#/enforcement")
    admin_card = _card(admin)
    admin_card.get_by_text("No feed yet").wait_for()
    admin_card.locator("select").select_option("all")
    admin_card.get_by_role("button", name="Get the address").click()
    admin_card.get_by_label("Feed address").wait_for()
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    assert admin.js_errors == []


def _screenshots(page: Any, card: Any) -> None:
    for width, name in ((1440, "calendar-feed.png"), (390, "calendar-feed-phone.png")):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.wait_for_timeout(300)
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(SCREENSHOTS / name))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1440, "height": 900})
