"""The Clients screen in the real dashboard: each client's money and terms, statements to
download, an admin sets terms and closes a month, ops reconcile, a viewer only reads.
Optionally saves docs/screenshots/clients.png (1440 px) and clients-phone.png (390 px)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from api.support import add_judgment
from dragonfly.domain.client_money import Terms
from dragonfly.domain.vocabulary import CostHandling, LedgerKind, RemittanceBasis
from dragonfly.services.ledger import record_entry
from dragonfly.services.money.agreements import set_agreement

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _seed(site: Any) -> None:
    with site.connect() as conn:
        first = add_judgment(conn, index_number="CM-1/2024", plaintiff="Riverside Capital LLC")
        second = add_judgment(conn, index_number="CM-2/2024", plaintiff="Beacon Receivables Inc")
        add_judgment(conn, index_number="CM-3/2024", plaintiff="Unsigned Creditor Co")
        for judgment, terms in (
            (
                first,
                Terms(fee_percent=Decimal("33.33"), cost_handling=CostHandling.RECOVERED_FIRST),
            ),
            (second, Terms(fee_percent=Decimal("25"), remittance=RemittanceBasis.GROSS)),
        ):
            client = conn.execute("select plaintiff_id from judgments where id = %s", (judgment,))
            set_agreement(conn, client.fetchone()[0], terms, date(2026, 1, 1), "admin@example.com")  # type: ignore[index]
        for judgment, amount in ((first, "1500.00"), (second, "820.00")):
            record_entry(
                conn, judgment, kind=LedgerKind.PAYMENT, amount=Decimal(amount),
                effective_on=date(2026, 11, 6), memo="", reverses_id=None, actor="ops",
            )  # fmt: skip


def _screenshots(page: Any) -> None:
    for width, name in ((1440, "clients.png"), (390, "clients-phone.png")):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=width > 400)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1440, "height": 900})


def test_clients_show_what_is_owed_and_admins_close_the_month(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    _seed(site)
    page = page_factory(1440, 900)
    login(page, "admin")
    page.goto(f"{site.url}/#/clients")
    row = page.locator("tr", has_text="Riverside Capital LLC").first
    row.wait_for()
    assert "$1,000.05" in row.inner_text() and "$499.95" in row.inner_text()
    pdf = row.get_by_role("link", name="PDF")
    assert pdf.get_attribute("href", timeout=5000).endswith("/statements/2026-11/pdf")  # type: ignore[union-attr]
    page.get_by_label("Bank balance ($)").fill("2320.00")
    page.get_by_role("button", name="Reconcile").click()
    page.get_by_text("Balanced").wait_for()
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        _screenshots(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close month and remit").click()
    page.get_by_text("Closed through 2026-11").wait_for()
    riverside = page.locator("tr", has_text="Riverside Capital LLC").first.inner_text()
    assert "$1,000.05" not in riverside  # remitted: escrow holds nothing for it now


def test_a_viewer_reads_but_gets_no_controls(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory(1440, 900)
    login(page, "viewer")
    page.goto(f"{site.url}/#/clients")
    page.get_by_text("Agreements (history)").wait_for()
    assert page.get_by_role("button", name="Reconcile").count() == 0
    assert page.get_by_role("button", name="Close month and remit").count() == 0
    assert page.get_by_role("button", name="Save terms").count() == 0
