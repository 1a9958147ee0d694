"""A refund paid to a debtor from escrow, as the judgment page shows it: part refunded and the
rest still owed, then all refunded, then more refunded than is owed once the payment bounced
(docs/screenshots/judgment-refund*.png)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from api.support import add_judgment
from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.client_money import Terms
from dragonfly.domain.vocabulary import CostHandling, LedgerKind, TrustParty
from dragonfly.services.ledger import record_entry
from dragonfly.services.money.agreements import set_agreement
from dragonfly.services.money.trust import disburse

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _overpaid_judgment(site: Any, index_number: str, client_name: str) -> tuple[int, int]:
    """A $100.00 judgment paid $350.00 yesterday, its client on 25% terms: $250.00 held for the
    debtor in escrow. Returns (judgment, client)."""
    day = today_in_new_york() - timedelta(days=1)
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number=index_number, principal="100.00",
                                entry_date=day, plaintiff=client_name)  # fmt: skip
        row = conn.execute("select plaintiff_id from judgments where id = %s", (judgment,))
        client = int(row.fetchone()[0])  # type: ignore[index]
        terms = Terms(fee_percent=Decimal("25"), cost_handling=CostHandling.ABSORBED)
        set_agreement(conn, client, terms, day.replace(day=1), "admin@example.com")
        record_entry(
            conn, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("350.00"),
            effective_on=day, memo="cheque 3301", reverses_id=None, actor="ops",
        )  # fmt: skip
        conn.commit()
    return judgment, client


def _refund(site: Any, client: int, judgment: int, amount: str) -> None:
    with site.connect() as conn:
        disburse(
            conn, client, TrustParty.DEBTOR, Decimal(amount), today_in_new_york(),
            "refund cheque", "admin@example.com", judgment_id=judgment,
        )  # fmt: skip
        conn.commit()


def test_the_judgment_page_says_what_was_refunded_and_what_is_still_owed(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    judgment, client = _overpaid_judgment(site, "REFUND-1/2026", "Lakeside Credit")
    page = page_factory(1440, 900)
    login(page, "viewer")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    note = page.locator("#overpaid")
    note.wait_for()
    assert note.inner_text() == "Overpaid by $250.00: this is owed back to the debtor."
    _refund(site, client, judgment, "100.00")
    page.reload()
    note.wait_for()
    assert note.inner_text() == (
        "Overpaid by $250.00: $100.00 refunded from escrow, $150.00 still owed back to the debtor."
    )
    _refund(site, client, judgment, "150.00")
    page.reload()
    note.wait_for()
    assert note.inner_text() == "Overpaid by $250.00: refunded to the debtor from escrow."
    assert "refunded" in (note.get_attribute("class") or "")
    with site.connect() as conn:  # a cost arrives: part of the overpayment pays it
        record_entry(
            conn, judgment, kind=LedgerKind.COST, amount=Decimal("100.00"),
            effective_on=today_in_new_york(), memo="sheriff's fee", reverses_id=None, actor="ops",
        )  # fmt: skip
        conn.commit()
    page.reload()
    note.wait_for()
    assert note.inner_text() == (
        "$250.00 was refunded to the debtor from escrow, $100.00 more than the $150.00 now paid "
        "beyond the balance (a payment reversed or a cost added since): check the ledger."
    )
    with site.connect() as conn:  # then the cheque bounces: the refund is more than is owed
        row = conn.execute(
            "select id from ledger_entries where judgment_id = %s and kind = 'payment'",
            (judgment,),
        )
        record_entry(
            conn, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("-350.00"),
            effective_on=today_in_new_york(), memo="bounced", reverses_id=row.fetchone()[0],  # type: ignore[index]
            actor="ops",
        )  # fmt: skip
        conn.commit()
    page.reload()
    note.wait_for()
    assert note.inner_text() == (
        "$250.00 was refunded to the debtor from escrow, but nothing is paid beyond the balance "
        "any more (a payment reversed or a cost added since): check the ledger."
    )
    assert "refunded" not in (note.get_attribute("class") or "")
    assert page.js_errors == []


@pytest.mark.skipif(
    os.environ.get("DRAGONFLY_SCREENSHOTS") != "1", reason="set DRAGONFLY_SCREENSHOTS=1 to refresh"
)
def test_save_refund_screenshots(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    """docs/screenshots/judgment-refund.png (1440 px) and judgment-refund-phone.png (390 px):
    the Balance card with part of an overpayment refunded."""
    judgment, client = _overpaid_judgment(site, "REFUND-2/2026", "Harbor Supply Co")
    _refund(site, client, judgment, "100.00")
    page = page_factory(1440, 900)
    login(page, "viewer")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    page.locator("#overpaid").wait_for()
    for width, name in ((1440, "judgment-refund.png"), (390, "judgment-refund-phone.png")):
        page.set_viewport_size({"width": width, "height": 900})
        card = page.locator(".card", has=page.locator("#overpaid"))
        card.screenshot(path=str(SCREENSHOTS / name))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.js_errors == []
