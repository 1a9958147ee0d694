"""Making a paper from a judgment's page in the real dashboard: refused until the firm profile is
complete, then made, listed and downloaded; a viewer sees the papers but no form."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from papers.conftest import PROFILE, person_judgment

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def clear_profile(site: Any) -> None:
    with site.connect() as conn:
        conn.execute("delete from firm_profile")


def set_profile(site: Any) -> None:
    from dragonfly.papers import save_firm_profile

    with site.connect() as conn:
        save_firm_profile(conn, PROFILE, actor="admin@example.com")


def test_make_and_download_a_paper(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    clear_profile(site)
    with site.connect() as conn:
        judgment = person_judgment(conn, index_number="PAPERS-1/2024", regime="consumer")
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    papers = page.locator(".papers-card")
    papers.get_by_text("No papers made yet.").wait_for()
    papers.get_by_label("Paper").select_option("income_execution")
    papers.get_by_role("button", name="Make paper").click()
    papers.get_by_text("missing the firm profile's firm name").wait_for()

    set_profile(site)
    papers.get_by_role("button", name="Make paper").click()
    row = papers.locator("li[data-kind='income_execution']")
    row.get_by_text("Income execution · version 1").wait_for()
    link = row.get_by_role("link", name="Download PDF")
    response = page.request.get(site.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    digest = hashlib.sha256(response.body()).hexdigest()
    assert digest[:12] in row.inner_text()
    # The new action the paper belongs to shows on the page after a reload.
    page.reload()
    page.locator(".card", has_text="Enforcement actions").get_by_text(
        "Brightline Logistics Inc."
    ).wait_for()
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        papers.scroll_into_view_if_needed()
        target = SCREENSHOTS / "judgment-papers.png"
        papers.screenshot(path=str(target))
        assert target.stat().st_size < 1_000_000
    assert page.js_errors == []

    narrow = page_factory(390, 800)
    login(narrow, "viewer")
    narrow.goto(f"{site.url}/#/judgments/{judgment}")
    card = narrow.locator(".papers-card")
    card.locator("li[data-kind='income_execution']").wait_for()
    assert card.get_by_role("button", name="Make paper").count() == 0
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the judgment page is {width} px wide at 390 px"
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        card.screenshot(path=str(SCREENSHOTS / "judgment-papers-390.png"))
    assert narrow.js_errors == []
