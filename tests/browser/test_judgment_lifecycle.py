"""A judgment's life in the real dashboard: paid in full, the screen proposes satisfaction, staff
satisfy it, the satisfaction-piece deadline appears and no action can start any more; recording
the filing of the satisfaction piece meets that deadline."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_pay_in_full_then_satisfy(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="LIFE-1/2026", principal="400.00",
                                entry_date=today_in_new_york() - timedelta(days=30))  # fmt: skip
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")

    form = page.locator("form.ledger-form")
    form.get_by_label("Amount ($)").fill("500.00")
    form.get_by_label("Memo").fill("wire 77")
    form.get_by_role("button", name="Record").click()
    page.get_by_text("Paid in full: mark the judgment satisfied").wait_for()

    status = page.locator("form.status-form")
    status.get_by_label("Change to").select_option("satisfied")
    status.get_by_label("Reason").fill("paid in full by wire 77")
    status.get_by_role("button", name="Change status").click()
    page.locator(".badge", has_text="Satisfied").wait_for()
    page.get_by_text("Satisfaction piece due").wait_for()
    assert (
        "is satisfied, so no enforcement action can start"
        in page.locator("#no-new-action").inner_text()
    )
    assert page.locator("form.new-action").count() == 0
    trail = page.locator(".card", has_text="Audit trail")
    trail.get_by_text("Status changed from active to satisfied by").wait_for()
    assert "Payment of $500.00" in trail.inner_text()  # sentences, the raw JSON one click away
    # Filing the satisfaction piece meets its deadline.
    filed = page.locator("form.satisfaction-filed-form")
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        status_card = page.locator("section.card", has=filed)
        page.locator(".toast").last.wait_for(state="detached")  # the earlier messages fade
        for width, name in ((1440, "judgment-satisfaction-filed.png"),
                            (390, "judgment-satisfaction-filed-phone.png")):  # fmt: skip
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
            page.wait_for_timeout(300)
            status_card.screenshot(path=str(SCREENSHOTS / name))
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.set_viewport_size({"width": 1440, "height": 900})
    filed.get_by_role("button", name="Record the filing").click()
    trail.get_by_text("Satisfaction piece filed on").wait_for()
    assert page.get_by_text("Satisfaction piece due").count() == 0
    assert page.locator("form.satisfaction-filed-form").count() == 0
    assert page.js_errors == []


def test_the_enforcement_screen_lists_judgments_paid_in_full(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="PAID-1/2026", principal="300.00",
                                entry_date=today_in_new_york() - timedelta(days=5))  # fmt: skip
        conn.execute(
            "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
            " values (%s, 'payment', 400, %s, 'test')",
            (judgment, today_in_new_york()),
        )
        from dragonfly.valuation import refresh_judgments

        refresh_judgments(conn, judgment_ids=[judgment])
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/enforcement")
    paid = page.locator("#paid-in-full")
    paid.get_by_text("PAID-1/2026").wait_for()
    paid.get_by_role("link", name="Satisfy").first.click()
    page.locator("form.status-form").wait_for()
    assert page.js_errors == []
