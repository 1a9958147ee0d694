"""Correcting the ledger in the real dashboard: a payment typed twice is caught, a mistaken one
is reversed with a reason, and an overpayment is shown as owed back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york

pytestmark = pytest.mark.browser


def test_duplicate_reverse_and_overpayment(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="LEDGER-1/2026", principal="462.53",
                                entry_date=today_in_new_york() - timedelta(days=1))  # fmt: skip
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    form = page.locator("form.ledger-form")

    def pay(amount: str, memo: str) -> None:
        form.get_by_label("Amount ($)").fill(amount)
        form.get_by_label("Memo").fill(memo)
        form.get_by_role("button", name="Record").click()

    pay("100.00", "check 1")
    page.locator('td[data-label="Memo"]', has_text="check 1").wait_for()
    pay("100.00", "check 1 again")
    page.get_by_text("is already recorded on this judgment").wait_for()
    assert page.locator('td[data-label="Memo"]', has_text="again").count() == 0
    page.get_by_role("button", name="Record it again").click()
    page.locator('td[data-label="Memo"]', has_text="check 1 again").wait_for()

    def ledger_row(memo: str) -> Any:
        return page.locator("tr", has=page.locator('td[data-label="Memo"]', has_text=memo))

    row = ledger_row("check 1 again")
    row.get_by_role("button", name="Reverse").click()
    row.get_by_label("Reason for reversing").fill("typed twice")
    row.get_by_role("button", name="Confirm reversal").click()
    page.locator('td[data-label="Memo"]', has_text="typed twice").wait_for()
    assert "reversed" in ledger_row("check 1 again").inner_text()

    pay("500.00", "final wire")
    page.locator("#overpaid").wait_for()
    assert "owed back to the debtor" in page.locator("#overpaid").inner_text()
    assert page.locator("#balance-amount").inner_text() == "$0.00"
    # The reversed payment is not counted; the two kept today extend enforceability (CPLR 211(b)).
    today = today_in_new_york()
    until = today.replace(year=today.year + 20)
    basis = page.locator("#enforceable-basis").inner_text()
    assert basis == (
        f"Enforceable until {until} because of the payments of $600.00 on {today}; "
        "confirm with counsel."
    )
    overpaid = page.locator("#overpaid").inner_text()
    assert overpaid.startswith("Overpaid by $13") and "$0.00" not in overpaid

    # The Portfolio row carries the stored overpaid amount, the same figure.
    page.goto(f"{site.url}/#/portfolio")
    note = page.locator(".overpaid-note").first
    note.wait_for()
    assert note.inner_text() == "overpaid " + overpaid.split("Overpaid by ")[1].split(":")[0]
    assert page.js_errors == []

    # A viewer reads the basis but gets no control to record an acknowledgment.
    viewer = page_factory(390, 844)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/judgments/{judgment}")
    viewer.locator("#enforceable-basis").wait_for()
    assert viewer.locator("form.acknowledgment-form").count() == 0
    assert viewer.js_errors == []


def test_a_written_acknowledgment_extends_enforceability(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="ACK-1/2005", entry_date=date(2005, 1, 10))
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    basis = page.locator("#enforceable-basis")
    basis.wait_for()
    assert basis.inner_text() == (
        "Enforceable until 2025-01-10, 20 years from entry on 2005-01-10; confirm with counsel."
    )
    form = page.locator("form.acknowledgment-form")
    form.get_by_label("Acknowledged in writing on").fill("2019-08-20")
    form.get_by_label("What the writing is").fill("signed payment plan letter")
    form.get_by_role("button", name="Record acknowledgment").click()
    page.get_by_text(
        "Enforceable until 2039-08-20 because of the written acknowledgment"
    ).wait_for()
    assert page.locator("#enforceable-until").inner_text() != "—"
    page.get_by_text("Written acknowledgment of the debt dated 2019-08-20").wait_for()
    assert page.js_errors == []
