"""Reviewing likely consumer debt on the Portfolio and moving it to the 2% rate, in the real
dashboard: filter, preview the count and the change, confirm with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.support import add_judgment

pytestmark = pytest.mark.browser


def test_review_and_change_likely_consumer_debt(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        for n, plaintiff in enumerate(("Midland Funding LLC", "Discover Bank")):
            add_judgment(conn, index_number=f"CONS-{n}/2023", principal="3000.00",
                         entry_date=date(2023, 5, 1), debtor=f"Person {n}",
                         plaintiff=plaintiff)  # fmt: skip
        conn.execute("update debtors set kind = 'individual' where name like 'Person %'")
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/portfolio?likely_consumer=true")
    page.locator("table.data").get_by_text("CONS-0/2023").wait_for()
    page.get_by_role("button", name="Change interest rate…").click()
    page.get_by_role("button", name="Preview").click()
    page.locator("#regime-preview").wait_for()
    assert page.locator("#regime-preview").inner_text().startswith("2 judgments would change.")
    page.locator(".regime-panel").get_by_label("Reason").fill("card debts of individuals")
    page.get_by_role("button", name="Change 2 judgments").click()
    page.get_by_text("No judgments match these filters.").wait_for()
    with site.connect() as conn:
        rates = conn.execute(
            "select distinct interest_regime::text from judgments where index_number like 'CONS-%'"
        ).fetchall()
    assert rates == [("consumer",)]
    assert page.js_errors == []


def test_one_judgment_changes_rate_from_its_page(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="RATE-1/2023", principal="5000.00",
                                entry_date=date(2023, 3, 1))  # fmt: skip
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    details = page.locator(".card", has_text="Interest rate")
    details.get_by_role("button", name="Change", exact=True).click()
    details.get_by_label("Reason for the rate change").fill("personal loan")
    details.get_by_role("button", name="Change to consumer (2%)").click()
    details.get_by_text("Consumer (2%)").wait_for()
    assert page.js_errors == []
