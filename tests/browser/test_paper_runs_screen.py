"""Papers in bulk in the real dashboard, with the real worker: tick judgments on the Portfolio or
the Enforcement desk, make papers, watch the run finish, download the merged PDF and the zip, read
each refusal's reason; then confirm a paper mailed, which (and only which) moves its action."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from papers.conftest import PROFILE, person_judgment

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
RUN_TIMEOUT = 90_000  # the worker makes the papers; a busy machine is slow


def set_profile(site: Any) -> None:
    from dragonfly.papers import save_firm_profile

    with site.connect() as conn:
        save_firm_profile(conn, PROFILE, actor="admin@example.com")


def shot(page_or_locator: Any, name: str) -> None:
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        target = SCREENSHOTS / name
        page_or_locator.screenshot(path=str(target))
        assert target.stat().st_size < 1_000_000


def test_papers_for_a_portfolio_selection(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    set_profile(site)
    with site.connect() as conn:
        good = [person_judgment(conn, index_number=f"BULKUI-{n}/2024") for n in range(3)]
        refused = person_judgment(conn, index_number="BULKUI-X/2024", employer=False)
    page = page_factory(1440, 1000)
    login(page, "ops")
    page.goto(f"{site.url}/#/portfolio?q=BULKUI&sort=index_number")
    page.locator("#portfolio-total", has_text="4 judgments").wait_for()
    opener = page.get_by_role("button", name="Make papers…")
    assert opener.is_disabled()
    page.get_by_label("Tick every judgment on this page").check()
    page.locator("#portfolio-chosen", has_text="4 judgments ticked").wait_for()
    page.get_by_role("button", name="Make papers for 4 judgments…").click()
    panel = page.locator(".make-papers-panel")
    panel.get_by_label("Paper").select_option("income_execution")
    panel.get_by_role("button", name="Start").click()
    run = panel.locator(".paper-run[data-status='succeeded']")
    run.wait_for(timeout=RUN_TIMEOUT)
    assert "Done: 3 papers made" in run.inner_text()
    assert "1 refused" in run.inner_text()
    refusal = run.locator(f".run-refusals li[data-judgment-id='{refused}']")
    assert "BULKUI-X/2024" in refusal.inner_text()
    assert "an employer or payor with a name and address" in refusal.inner_text()

    merged = page.request.get(
        site.url + run.get_by_role("link", name="All papers as one PDF").get_attribute("href")
    )
    assert merged.status == 200 and merged.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(merged.body())).pages) >= 3
    bundle = page.request.get(
        site.url + run.get_by_role("link", name="Zip of single papers").get_attribute("href")
    )
    with zipfile.ZipFile(io.BytesIO(bundle.body())) as archive:
        assert archive.namelist() == [f"income_execution-judgment-{j}-v1.pdf" for j in good]
    shot(page, "paper-run.png")
    assert page.js_errors == []

    viewer = page_factory(1440, 900)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/portfolio?q=BULKUI")
    viewer.locator("#portfolio-total", has_text="4 judgments").wait_for()
    assert viewer.locator("input.pick").count() == 0
    assert viewer.get_by_role("button", name="Make papers…").count() == 0


def test_papers_from_the_desk_on_a_phone_then_confirmed_mailed(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    set_profile(site)
    with site.connect() as conn:
        # Twenty years run out four days after the pinned day: on the desk's next 7 days.
        judgment = person_judgment(
            conn, index_number="DESKRUN-1/2006", entry_date=date(2006, 11, 27)
        )
    page = page_factory(390, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/enforcement")
    page.locator(f"#desk input.pick[data-judgment-id='{judgment}']").first.check()
    page.get_by_role("button", name="Make papers for 1 judgment…").click()
    panel = page.locator(".make-papers-panel")
    panel.get_by_label("Paper").select_option("information_subpoena_debtor")
    panel.get_by_role("button", name="Start").click()
    run = panel.locator(".paper-run[data-status='succeeded']")
    run.wait_for(timeout=RUN_TIMEOUT)
    assert "Done: 1 paper made" in run.inner_text()
    assert run.inner_text().startswith("Information subpoena to the debtor · run")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the Enforcement screen is {width} px wide at 390 px"
    panel.scroll_into_view_if_needed()
    shot(panel, "paper-run-phone.png")

    # The paper is made; its action has not moved. Confirming it mailed moves it to served.
    def action_state() -> str:
        detail = page.request.get(f"{site.url}/api/v1/judgments/{judgment}").json()
        return str(detail["actions"][0]["state"])

    assert action_state() == "draft"
    page.goto(f"{site.url}/#/judgments/{judgment}")
    page.locator("li[data-state='draft']").wait_for()
    row = page.locator(".papers-card li[data-kind='information_subpoena_debtor']")
    row.get_by_text("Served or mailed on…").click()
    row.get_by_label("Served or mailed", exact=True).select_option("mailed")
    shot(row, "paper-served-form-phone.png")
    row.get_by_role("button", name="Confirm").click()
    row.get_by_text("Mailed on Nov 23, 2026 · confirmed by").wait_for()
    # The page is drawn again: the action shows as served, with the step in its history.
    page.locator("li[data-state='served']", has_text="Mailed on 2026-11-23").wait_for()
    assert action_state() == "served"
    assert row.get_by_role("button", name="Confirm").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the judgment page is {width} px wide at 390 px"
    shot(row, "paper-served-phone.png")
    assert page.js_errors == []
