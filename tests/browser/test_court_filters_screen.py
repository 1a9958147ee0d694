"""The Portfolio's County and Court filters in the real dashboard: pick lists from the court
registry, typed names ("Brooklyn", "Supreme") that find judgments, counties as people write them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from api.support import add_judgment

pytestmark = pytest.mark.browser


def test_typed_county_and_court_filters_find_judgments(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        for number, county, code in (
            ("CRT-1/2024", "NEW_YORK", "SUP-NEW_YORK"),
            ("CRT-2/2024", "KINGS", "SUP-KINGS"),
            ("CRT-3/2024", "KINGS", "CIV-KINGS"),
        ):
            judgment = add_judgment(conn, index_number=number, county=county)
            conn.execute("update judgments set court_code = %s where id = %s", (code, judgment))
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "viewer")
    page.goto(f"{site.url}/#/portfolio?q=CRT-")
    table = page.locator("table.data")
    table.get_by_text("CRT-1/2024").wait_for()
    assert "New York" in table.locator("tr", has_text="CRT-1/2024").inner_text()
    assert "NEW_YORK" not in table.inner_text()
    # The pick lists: 62 counties; the kinds of court, and Kings' courts once Kings is chosen.
    assert page.locator("#pf-counties option").count() == 62
    page.get_by_label("County").fill("Brooklyn")
    page.get_by_label("County").press("Enter")
    page.locator("#portfolio-total", has_text="2 judgments").wait_for()
    assert "CRT-1/2024" not in table.inner_text()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#pf-courts option')]"
        ".some(o => o.value === 'Supreme Court, Kings County')"
    )
    page.get_by_label("Court").fill("Supreme")
    page.get_by_label("Court").press("Enter")
    page.locator("#portfolio-total", has_text=re.compile(r"^1 judgment$")).wait_for()
    assert "CRT-2/2024" in table.inner_text() and "CRT-3/2024" not in table.inner_text()
    assert page.js_errors == []
