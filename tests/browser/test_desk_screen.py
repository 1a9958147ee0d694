"""The deadlines desk in the real dashboard: a judgment expiring in seven days is on the
Enforcement screen, largest balance first, linked to its judgment with its next step; a window
and a county filter change the list; ops snoozes one with a reason; a viewer gets no controls.
Optionally saves docs/screenshots/enforcement.png (1440 px) and enforcement-phone.png (390 px)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.support import add_judgment

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _seed(site: Any, prefix: str = "DESK") -> dict[str, int]:
    with site.connect() as conn:
        made = {
            # The tests' today is 2026-11-23: this one expires on 2026-11-30, in seven days.
            "expiring": add_judgment(conn, index_number=f"{prefix}-1/2006", principal="46468.93",
                                     entry_date=date(2006, 11, 30)),
            "queens": add_judgment(conn, index_number=f"{prefix}-2/2006", principal="3100.00",
                                   entry_date=date(2006, 11, 27), county="QUEENS"),
            "later": add_judgment(conn, index_number=f"{prefix}-3/2007", principal="12500.00",
                                  entry_date=date(2007, 2, 9)),
        }  # fmt: skip
        conn.commit()
    return made


def _rows(page: Any) -> list[str]:
    page.locator("#desk table, #desk .empty, #desk p").first.wait_for()
    return [row.inner_text() for row in page.locator("#desk tr.desk-row").all()]


def test_the_desk_shows_what_expires_this_week_and_a_snooze_takes_it_off(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    made = _seed(site)
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/enforcement")
    page.locator("#desk tr.desk-row").first.wait_for()
    rows = _rows(page)
    assert "DESK-1/2006" in rows[0] and "in 7 days" in rows[0] and "211(b)" in rows[0]
    assert "DESK-2/2006" in rows[1]
    assert not any("DESK-3/2007" in row for row in rows)
    link = page.locator("#desk tr.desk-row").first.get_by_role("link", name="DESK-1/2006")
    assert link.get_attribute("href") == f"#/judgments/{made['expiring']}"
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        _screenshots(page)
    # The next 90 days reach the 2007 judgment; a county keeps only Queens.
    page.locator("#desk").locator("..").get_by_label("When").select_option("next_90_days")
    page.locator("#desk tr.desk-row", has_text="DESK-3/2007").wait_for()
    page.get_by_label("County").fill("Queens")
    page.get_by_label("County").press("Enter")
    page.wait_for_function("() => [...document.querySelectorAll('#desk tr.desk-row')].length === 1")
    assert "DESK-2/2006" in _rows(page)[0]
    # Snooze it with a reason: it leaves the desk, and the judgment's trail says why.
    row = page.locator("#desk tr.desk-row").first
    row.get_by_text("Acknowledge or snooze").click()
    row.get_by_role("button", name="Snooze").click()
    row.get_by_text("Say why.").wait_for()
    row.get_by_label("Reason").fill("debtor promised to sign an acknowledgment")
    row.get_by_label("Snooze until").fill("2026-12-15")
    row.get_by_role("button", name="Snooze").click()
    page.get_by_text("Nothing on the desk for next 90 days.").wait_for()
    with site.connect() as conn:
        audited = conn.execute(
            "select actor, entity_id, after->>'snoozed_until', after->>'reason'"
            " from audit_events where action = 'desk.snooze'"
        ).fetchall()
    assert audited == [(site.users["ops"], str(made["queens"]), "2026-12-15",
                        "debtor promised to sign an acknowledgment")]  # fmt: skip
    assert page.js_errors == []

    viewer = page_factory(390, 844)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/enforcement")
    viewer.locator("#desk tr.desk-row", has_text="DESK-1/2006").wait_for()
    assert viewer.locator("#desk details.desk-dismiss").count() == 0
    assert viewer.evaluate("document.documentElement.scrollWidth") <= 390
    assert viewer.js_errors == []


def _screenshots(page: Any) -> None:
    for width, name in ((1440, "enforcement.png"), (390, "enforcement-phone.png")):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=width > 400)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1440, "height": 900})


def test_my_desk_shows_what_i_was_assigned(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    made = _seed(site, "MINE")
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{made['queens']}")
    page.locator("#judgment-owner", has_text="Nobody owns").wait_for()
    form = page.locator("form.owner-form")
    form.get_by_label("Assign to (email; empty to unassign)").fill("nobody@example.com")
    form.get_by_role("button", name="Assign").click()
    page.locator("#owner-error", has_text="not a user").wait_for()
    form.get_by_label("Assign to (email; empty to unassign)").fill(site.users["ops"])
    form.get_by_role("button", name="Assign").click()
    page.locator("#judgment-owner", has_text=f"Owned by {site.users['ops']}").wait_for()
    page.goto(f"{site.url}/#/enforcement")
    page.locator("#desk tr.desk-row").nth(1).wait_for()
    page.get_by_label("My desk: only what I own").check()
    page.wait_for_function("() => [...document.querySelectorAll('#desk tr.desk-row')].length === 1")
    assert "MINE-2/2006" in _rows(page)[0] and site.users["ops"] in _rows(page)[0]
    assert page.js_errors == []
    viewer = page_factory(1440, 900)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/judgments/{made['queens']}")
    viewer.locator("#judgment-owner", has_text="Owned by").wait_for()
    assert viewer.locator("form.owner-form").count() == 0
    viewer.goto(f"{site.url}/#/enforcement")
    viewer.locator("#desk tr.desk-row").first.wait_for()
    assert viewer.get_by_label("My desk: only what I own").count() == 0


def test_a_digest_link_opens_the_desk_on_its_window(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    _seed(site, prefix="LINK")
    page = page_factory(1440, 900)
    login(page, "ops")
    # The daily digest links each band to its window: within 90 days reaches the 2007 judgment.
    page.goto(f"{site.url}/#/enforcement?window=next_90_days")
    page.locator("#desk tr.desk-row", has_text="LINK-3/2007").wait_for()
    assert page.get_by_label("When").input_value() == "next_90_days"
    page.goto(f"{site.url}/#/enforcement?window=nonsense")
    page.locator("#desk tr.desk-row").first.wait_for()
    assert page.get_by_label("When").input_value() == "next_7_days"
