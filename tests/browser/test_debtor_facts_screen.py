"""Recording a bank learned from a subpoena answer, in the real dashboard: the score rises, the
next step becomes a restraining notice; retiring it takes both back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.support import add_judgment

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
    assert page.js_errors == []
