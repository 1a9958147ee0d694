"""A refused file on Intake, in headless Chromium against the real server and worker: the
rejected rows are shown before anything is written, a viewer can read them but not override,
and an ops user imports the good rows anyway with a reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from refusal_files import vendor_file

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def scalar(site: Any, query: str) -> Any:
    with site.connect() as conn:
        row = conn.execute(query).fetchone()
    return row[0] if row else None


def rejected_rows_shown(page: Any) -> list[list[str]]:
    rows = page.locator("#rejected-rows tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


def fits(page: Any, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the page is {wide} px wide at a {width} px viewport"


def shoot(page: Any, name: str, tmp_path: Path, *, docs: bool = False) -> None:
    """Into the test's folder (to look at); with DRAGONFLY_SCREENSHOTS=1 also into docs/."""
    page.wait_for_function("() => !document.querySelector('#toasts *')", timeout=15_000)
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if docs and os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_refusal_then_rows_then_import_anyway_with_a_reason(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None], tmp_path: Path
) -> None:
    page = page_factory(1440, 900)
    login(page, "ops")
    page.get_by_role("link", name="Intake").click()
    page.locator("#intake-file").set_input_files(str(vendor_file(tmp_path)))
    page.locator("#refusal #rejected-rows").wait_for(timeout=60_000)

    # Before anything is written: what was refused, and each rejected line.
    assert scalar(site, "select count(*) from judgments") == 0
    panel = page.locator("#refusal").inner_text()
    assert "vendor.csv was not imported" in panel
    assert "3 of 10 rows would be rejected (30.0%); nothing was written." in panel
    assert "--max-reject-rate" not in panel
    shown = rejected_rows_shown(page)
    assert [row[:4] for row in shown] == [
        ["3", "Bad amount", "Amt", "abc"],
        ["6", "Bad date", "Jdgmt Date", "13/45/2024"],
        ["9", "Unknown court", "Venue", "Gotham"],
    ]
    history = page.locator("table.data", has_text="vendor.csv").first.inner_text()
    assert "Refused" in history and "would be rejected" in history
    shoot(page, "intake-refusal.png", tmp_path, docs=True)

    # A viewer reads the same rows, with no way to override.
    batch = scalar(site, "select max(id) from import_batches where status = 'refused'")
    viewer = page_factory(390, 844)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/intake?batch={batch}")
    viewer.locator("#refusal #rejected-rows").wait_for()
    assert len(rejected_rows_shown(viewer)) == 3
    assert viewer.locator("#accept-form").count() == 0
    assert "An ops or admin user can import the good rows anyway" in viewer.inner_text("#refusal")
    fits(viewer, 390)

    # The phone view of the same refusal, as ops, fits 390 px with every row readable.
    phone = page_factory(390, 844)
    login(phone, "ops")
    phone.goto(f"{site.url}/#/intake?batch={batch}")
    phone.locator("#refusal #accept-form").wait_for()
    fits(phone, 390)
    cell = phone.locator("#rejected-rows tbody tr").first.locator('td[data-label="Value"]')
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert cell.inner_text().split() == ["abc"]
    shoot(phone, "intake-refusal-390.png", tmp_path)

    # No reason: told so on the page, and nothing is sent.
    uploads = scalar(site, "select count(*) from import_uploads")
    page.locator("#accept-rejects").click()
    assert "Say why" in page.locator("#accept-form .form-error").inner_text()
    assert scalar(site, "select count(*) from import_uploads") == uploads

    why = "Vendor resends lines 3, 6 and 9 on Friday"
    page.get_by_label("Why import the good rows now?").fill(why)
    page.locator("#accept-rejects").click()
    page.locator("#accept-result").wait_for(timeout=60_000)
    assert "Good rows imported." in page.locator("#accept-result").inner_text()
    assert scalar(site, "select count(*) from judgments") == 7
    assert (
        scalar(site, "select accepted_reason from import_batches where status = 'completed'") == why
    )
    audited = "select count(*) from audit_events where action = 'import.accept_rejects'"
    assert scalar(site, audited) == 1
    page.locator("table.data", has_text="Rejects accepted").first.wait_for()
    assert page.js_errors == []
    assert viewer.js_errors == [] and phone.js_errors == []


def test_many_rejected_rows_are_paged_with_a_count(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None], tmp_path: Path
) -> None:
    header = "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"
    rows = [
        f"P{n}/24,Acme Funding LLC,Debtor {n},{'x' if n % 2 else '900'},03/15/2024,Kings\n"
        for n in range(1, 121)
    ]
    path = tmp_path / "half-bad.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    page = page_factory(1440, 900)
    login(page, "admin")
    page.get_by_role("link", name="Intake").click()
    page.locator("#intake-file").set_input_files(str(path))
    page.locator("#refusal #rejected-rows").wait_for(timeout=60_000)
    assert "60 of 120 rows would be rejected (50.0%)" in page.inner_text("#refusal")
    assert page.inner_text("#refusal .pager-text") == "Showing 1–25 of 60"
    assert rejected_rows_shown(page)[0][:4] == ["2", "Bad amount", "Amt", "x"]
    page.locator("#refusal").get_by_role("button", name="Next ›").click()
    page.locator("#refusal .pager-text", has_text="Showing 26–50 of 60").wait_for()
    assert rejected_rows_shown(page)[0][0] == "52"  # line 52 holds the 26th bad row (P51)
    assert page.locator("#accept-rejects").inner_text() == "Import the 60 good rows anyway"
    assert page.js_errors == []
