"""The lien card in the real dashboard: a Civil Court judgment says it has no lien until a
transcript is docketed; ops records one and the lien dates appear; a viewer gets no form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.support import add_judgment

pytestmark = pytest.mark.browser


def test_a_transcript_docketing_gives_a_civil_court_judgment_its_lien(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    with site.connect() as conn:
        judgment = add_judgment(conn, index_number="LIEN-1/2018", entry_date=date(2018, 5, 7))
        conn.commit()
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{judgment}")
    basis = page.locator("#lien-basis")
    basis.wait_for()
    assert "No lien on real property yet" in basis.inner_text()
    assert "Lien expires" not in page.locator("body").inner_text()
    form = page.locator("form.transcript-form")
    form.get_by_label("Docketed with the clerk of (county)").fill("Gotham")
    form.get_by_label("Docketed on").fill("2019-03-04")
    form.get_by_role("button", name="Record transcript").click()
    page.locator("#transcript-error", has_text="not a New York county").wait_for()
    form.get_by_label("Docketed with the clerk of (county)").fill("Queens")
    form.get_by_role("button", name="Record transcript").click()
    page.locator("#lien-basis", has_text="docketing on Mar 4, 2019").wait_for()
    page.locator("td", has_text="Queens County").first.wait_for()
    page.get_by_text("Transcript of judgment docketed in Queens County on 2019-03-04").wait_for()
    assert "Mar 4, 2029" in page.locator("body").inner_text()  # the lien lapses ten years on
    assert page.js_errors == []

    viewer = page_factory(390, 844)
    login(viewer, "viewer")
    viewer.goto(f"{site.url}/#/judgments/{judgment}")
    viewer.locator("#lien-basis", has_text="Mar 4, 2019").wait_for()
    assert viewer.locator("form.transcript-form").count() == 0
    assert viewer.js_errors == []
