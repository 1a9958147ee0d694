"""Recording a bank learned from a subpoena answer, in the real dashboard: the score rises, the
next step becomes a restraining notice; retiring it takes both back. Recording an address for a
debtor with none makes it locatable; a phone is kept one way and corrected with a reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.support import add_judgment
from dragonfly.domain.score_spec import shipped_score_spec

pytestmark = pytest.mark.browser


def test_record_and_retire_a_bank(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="FACTS-1/2024", principal="45000.00",
                                entry_date=date(2024, 6, 15))  # fmt: skip
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    page.get_by_text("Nothing is known about assets: subpoena").wait_for()
    assert page.locator("#score-total").inner_text() == "67"

    form = page.locator("form.fact-form")
    form.get_by_label("Kind").select_option("bank")
    form.get_by_label("Name").fill("Chase Bank")
    form.get_by_label("Address").fill("4 New York Plaza, New York, NY 10004")
    form.get_by_role("button", name="Record fact").click()
    page.get_by_text("A bank account is known and not benefits-only").wait_for()
    assert page.locator("#score-total").inner_text() == "77"

    page.get_by_role("button", name="Retire").click()
    page.get_by_label("Reason for retiring Bank").fill("account closed")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Nothing is known about assets: subpoena").wait_for()
    assert page.locator("#score-total").inner_text() == "67"
    assert "account closed" in page.locator(".card", has_text="Debtor's assets").inner_text()
    assert page.js_errors == []


def test_real_property_known_by_block_and_lot(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    """Real property is recorded by its county and block and lot when it has no address; the
    form says what each box holds for that kind, and the list shows the detail."""
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="FACTS-9/2024", entry_date=date(2024, 6, 15))
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    form = page.locator("form.fact-form")
    form.get_by_label("Kind").select_option("real_property")
    assert form.get_by_label("Detail").get_attribute("placeholder") == (
        "Block and lot, if no address"
    )
    form.get_by_label("Name").fill("Kings")
    form.get_by_label("Detail").fill("Block 1234, lot 56")
    form.get_by_role("button", name="Record fact").click()
    assets = page.locator(".card", has_text="Debtor's assets")
    assets.get_by_text("Block 1234, lot 56").wait_for()
    assert "real property +5" in page.locator(".card", has_text="Collectability").inner_text()
    assert page.js_errors == []


def test_an_answered_subpoena_leads_to_recording_what_it_revealed(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="FACTS-2/2024", entry_date=date(2024, 6, 15))
        conn.execute(
            "insert into enforcement_actions (judgment_id, kind, state, issued_on, served_on,"
            " created_by) values (%s, 'information_subpoena', 'answered', %s, %s, 'test')",
            (judgment, date(2026, 10, 1), date(2026, 10, 5)),
        )
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    page.get_by_role("button", name="Record what it revealed").click()
    form = page.locator("form.fact-form")
    assert form.get_by_label("Source").input_value() == "subpoena_answer"
    form.get_by_label("Kind").select_option("employer")
    form.get_by_label("Name").fill("Acme Payroll Inc")
    form.get_by_role("button", name="Record fact").click()
    page.locator(".card", has_text="Debtor's assets").get_by_text("Acme Payroll Inc").wait_for()
    # The same answer gave a phone number: the contact form opens with the source set too.
    page.get_by_role("button", name="Record an address or phone").click()
    contact = page.locator("form.contact-form")
    assert contact.get_by_label("Source").input_value() == "subpoena_answer"
    contact.get_by_label("Contact").select_option("phone")
    contact.get_by_label("Phone").fill("718-555-0199")
    contact.get_by_role("button", name="Record contact").click()
    page.locator(".card", has_text="addresses and phones").get_by_text("(718) 555-0199").wait_for()
    assert page.js_errors == []


def test_record_an_address_and_a_phone_and_correct_the_phone(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="FACTS-3/2024", principal="45000.00",
                                entry_date=date(2024, 6, 15))  # fmt: skip
        conn.execute(
            "update debtors set street = null, city = null, state = null, zip = null"
            " where id = (select debtor_id from judgments where id = %s)",
            (judgment,),
        )
        from dragonfly.valuation import refresh_judgments

        refresh_judgments(conn, judgment_ids=[judgment])
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    card = page.locator(".card", has_text="Debtor's addresses and phones")
    card.get_by_text("No address or phone has been recorded").wait_for()
    start = int(page.locator("#score-total").inner_text())

    form = page.locator("form.contact-form")
    form.get_by_label("Contact").select_option("address")
    form.get_by_label("Address").fill("somewhere in Brooklyn")
    form.get_by_role("button", name="Record contact").click()
    form.get_by_text("names no street with its number").wait_for()  # refused, said plainly
    form.get_by_label("Address").fill("55 Water St, New York, NY 10041")
    form.get_by_role("button", name="Record contact").click()
    card.get_by_text("55 Water St, New York, NY 10041").wait_for()
    located = start + shipped_score_spec().locatability.full
    page.wait_for_function(f"document.querySelector('#score-total').innerText === '{located}'")

    form = page.locator("form.contact-form")  # drawn again after the reload
    form.get_by_label("Contact").select_option("phone")
    form.get_by_label("Phone").fill("+1 212.555.0100")
    form.get_by_role("button", name="Record contact").click()
    card.get_by_text("(212) 555-0100").wait_for()

    phone_row = card.locator("tr", has_text="(212) 555-0100")
    phone_row.get_by_role("button", name="Correct").click()
    phone_row.get_by_label("Corrected phone").fill("212 555 0101")
    phone_row.get_by_label("Why (212) 555-0100 is corrected").fill("digits swapped")
    phone_row.get_by_role("button", name="Save correction").click()
    card.get_by_text("(212) 555-0101").wait_for()
    assert "corrected: digits swapped" in card.inner_text()
    assert page.locator("#score-total").inner_text() == str(located)
    assert page.js_errors == []

    viewer = page_factory(1440, 900)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/judgments/{judgment}")
    seen = viewer.locator(".card", has_text="Debtor's addresses and phones")
    seen.get_by_text("(212) 555-0101").wait_for()
    assert viewer.locator("form.contact-form").count() == 0
    assert seen.get_by_role("button").count() == 0


@pytest.mark.skipif(
    os.environ.get("DRAGONFLY_SCREENSHOTS") != "1", reason="set DRAGONFLY_SCREENSHOTS=1 to refresh"
)
def test_save_debtor_facts_screenshots(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    """docs/screenshots/debtor-facts.png (1440 px) and debtor-facts-phone.png (390 px)."""
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="FACTS-4/2024", principal="45000.00",
                                entry_date=date(2024, 6, 15))  # fmt: skip
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    facts = page.locator("form.fact-form")
    facts.get_by_label("Name").fill("Chase Bank")
    facts.get_by_label("Address").fill("4 New York Plaza, New York, NY 10004")
    facts.get_by_role("button", name="Record fact").click()
    page.locator(".card", has_text="Debtor's assets").get_by_text("Chase Bank").wait_for()
    contacts = page.locator(".card", has_text="addresses and phones")
    for kind, box, text, shown in (
        ("address", "Address", "55 Water St, New York, NY 10041", "55 Water St, New York"),
        ("phone", "Phone", "212.555.0100", "(212) 555-0100"),
    ):
        form = page.locator("form.contact-form")
        form.get_by_label("Contact").select_option(kind)
        form.get_by_label(box).fill(text)
        form.get_by_role("button", name="Record contact").click()
        contacts.get_by_text(shown).wait_for()
    page.locator(".toast").last.wait_for(state="detached", timeout=10_000)
    folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    for width, name in ((1440, "debtor-facts.png"), (390, "debtor-facts-phone.png")):
        page.set_viewport_size({"width": width, "height": 900})
        # Where the two cards sit on the page (not in the viewport): the picture spans both.
        top, bottom = page.evaluate(
            """() => {
              const title = (c) => c.querySelector('h2')?.innerText ?? '';
              const cards = [...document.querySelectorAll('.card')].filter((c) =>
                /Debtor's (assets|addresses and phones)/.test(title(c)));
              const boxes = cards.map((c) => c.getBoundingClientRect());
              return [boxes[0].top + window.scrollY, boxes.at(-1).bottom + window.scrollY];
            }"""
        )
        clip = {"x": 0, "y": top - 8, "width": width, "height": bottom - top + 16}
        page.screenshot(path=str(folder / name), clip=clip, full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.js_errors == []
