"""The operations journey through the real dashboard, API and database, in headless Chromium:
sign in, import a file, find a judgment, record a payment, move an action, read the releases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dragonfly.core.clock import today_in_new_york
from dragonfly.ingest.demo_data import write_demo_file

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("recorded_releases")]

DEMO_ROWS = 40


def money(text: str) -> Decimal:
    """ "$12,345.67" as shown on the page -> Decimal."""
    return Decimal(text.strip().replace("$", "").replace(",", ""))


def number(text: str) -> int:
    return int(text.strip().replace(",", ""))


def upload_on_intake(page: Any, path: Path) -> dict[str, int]:
    page.get_by_role("link", name="Intake").click()
    page.locator("#intake-file").set_input_files(str(path))
    counts = page.locator("#import-counts")
    page.locator("#import-counts, .upload-status .error-panel").first.wait_for(timeout=60_000)
    assert counts.count() == 1, page.locator(".upload-status").inner_text()
    labels = ["Rows read", "New", "Updated", "Unchanged", "Rejected"]
    return {
        label: number(counts.locator(f'[data-count="{label}"]').inner_text()) for label in labels
    }


def test_operations_journey(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None], tmp_path: Path
) -> None:
    page = page_factory()
    login(page, "ops")

    # Intake: the upload runs as a job; the page polls it and shows counts that add up.
    demo = write_demo_file(tmp_path / "intake_demo.csv", DEMO_ROWS, "simplicity", 11, 0.02)
    counts = upload_on_intake(page, demo)
    assert counts["Rows read"] == DEMO_ROWS
    parts = counts["New"] + counts["Updated"] + counts["Unchanged"] + counts["Rejected"]
    assert parts == counts["Rows read"]
    assert counts["New"] > 0
    history = page.locator(".card", has_text="Imported files")
    history.get_by_text(demo.name).wait_for()

    # The same file again imports nothing, and the page says which batch it repeats.
    page.locator("#intake-file").set_input_files(str(demo))
    repeat = page.locator(".upload-status", has_text="already imported as batch")
    repeat.wait_for(timeout=60_000)
    assert "Nothing imported." in repeat.inner_text()

    # Portfolio: search finds the judgment by its index number.
    with site.connect() as conn:
        row = conn.execute(
            "select id, index_number from valued_judgments where balance > 500 order by id limit 1"
        ).fetchone()
    assert row is not None, "the import stored no judgment with a balance"
    judgment_id, index_number = row
    page.get_by_role("link", name="Portfolio").click()
    everything = page.locator("#portfolio-total").inner_text()
    page.get_by_label("Search").fill(index_number)
    page.wait_for_url("**q=**")
    page.wait_for_function(
        "before => document.querySelector('#portfolio-total')?.textContent !== before",
        arg=everything,
    )
    link = page.locator("table.data").get_by_role("link", name=index_number, exact=True)
    link.wait_for()

    # Judgment: a payment recorded today lowers the balance by exactly its amount.
    link.click()
    balance = page.locator("#balance-amount")
    before = money(balance.inner_text())
    form = page.locator("form.ledger-form")
    form.get_by_label("Amount ($)").fill("125.50")
    form.get_by_label("Memo").fill("check 1042")
    form.get_by_role("button", name="Record").click()
    page.locator('td[data-label="Memo"]', has_text="check 1042").wait_for()
    assert money(page.locator("#balance-amount").inner_text()) == before - Decimal("125.50")

    # Actions: start one; only its allowed moves are offered; move it to the next state.
    page.locator("form.new-action").get_by_role("button", name="Start action").click()
    action = page.locator(".timeline > li").first
    action.locator('[data-target="issued"]').wait_for()
    offered = action.locator(".action-moves button").evaluate_all(
        "buttons => buttons.map(b => b.dataset.target)"
    )
    assert "completed" not in offered
    issued_on = today_in_new_york() - timedelta(days=2)  # recorded two days after the fact
    action.get_by_label("Date of this step").fill(issued_on.isoformat())
    action.locator('[data-target="issued"]').click()
    page.locator('.timeline > li[data-state="issued"]').wait_for()
    with site.connect() as conn:
        stored = conn.execute(
            "select state, issued_on from enforcement_actions where judgment_id = %s",
            (judgment_id,),
        ).fetchone()
    assert stored == ("issued", issued_on)

    # Releases: every recorded run with its outcome; a run opens to its step messages.
    page.get_by_role("link", name="Releases").click()
    runs = page.locator("details.run")
    runs.first.wait_for()
    assert runs.count() == 2
    assert "Deployed with warnings" in runs.nth(0).inner_text()
    failed = page.locator('details.run[data-outcome="failed"]')
    failed.locator("summary").click()
    failed.get_by_text("3 tests failed in tests/domain/test_interest.py.").wait_for()
    cancelled = page.locator('.legend [data-status="cancelled"]')  # a cancelled run is red
    assert cancelled.inner_text() == "Cancelled"
    assert "status-red" in (cancelled.get_attribute("class") or "")
    assert page.js_errors == []
