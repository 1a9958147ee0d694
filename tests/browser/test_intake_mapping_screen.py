"""Intake's mapping step in the real dashboard: a file no source fits is mapped once (pick lists
pre-filled with the best guess, a date format, a preview of the rows as read), saved as a firm
source and imported; the next such file is recognised with no mapping step."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HEAD = "Matter Key,Creditor,Who Owes,Judgment Amt,Entered On,Where Entered,Rate\n"


def _file(folder: Path, name: str, first: int, head: str = HEAD, count: int = 4) -> Path:
    rows = [
        f'MK-{first + n}/24,Acme Funding LLC,Person {first + n},"{1200 + n * 50:,}.00",'
        f"03/{10 + n % 18:02d}/2024,Kings County Civil Court,{'2%' if n == 1 else ''}\n"
        for n in range(count)
    ]
    path = folder / name
    path.write_text(head + "".join(rows), encoding="utf-8")
    return path


def _open_mapping(page: Any, path: Path) -> Any:
    page.locator("#intake-file").set_input_files(str(path))
    step = page.locator(".mapping-step")
    step.wait_for()
    return step


def test_map_a_file_once_then_it_is_recognised(
    site: Any,
    page_factory: Callable[..., Any],
    login: Callable[[Any, str], None],
    tmp_path: Path,
) -> None:
    page = page_factory(1440, 900)
    login(page, "ops")
    page.goto(f"{site.url}/#/intake")
    page.get_by_label("Interest rate for new judgments").select_option("consumer")
    step = _open_mapping(page, _file(tmp_path, "matters-1.csv", 1))

    # The best guesses are filled in; what nothing names is left for the user, and said.
    assert page.locator("#map-plaintiff_name").input_value() == "Creditor"
    assert page.locator("#map-principal").input_value() == "Judgment Amt"
    assert page.locator("#map-entry_date").input_value() == "Entered On"
    assert page.locator("#map-index_number").input_value() == ""
    assert "Still needed: Index / case number" in step.locator(".mapping-missing").inner_text()
    assert page.locator("#map-save").is_disabled()

    page.locator("#map-index_number").select_option("Matter Key")
    page.locator("#map-court").select_option("Where Entered")
    page.locator("#map-debtor_name").select_option("Who Owes")
    page.locator("#map-interest_regime").select_option("Rate")
    preview = page.locator("#mapping-preview")
    preview.get_by_text("consumer").wait_for()
    first = preview.locator("tbody tr").first.text_content()
    assert "MK-1/24" in first and "2024-03-10" in first and "1200.00" in first
    assert "consumer" in preview.locator("tbody tr").nth(1).text_content()
    assert page.locator("#map-date-format").input_value() == "%m/%d/%Y"
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / "intake-mapping.png"), full_page=True)

    page.locator("#map-name").fill("matters")
    page.locator("#map-save").click()
    page.locator("#import-counts").wait_for(timeout=60_000)
    assert page.locator('[data-count="New"]').inner_text() == "4"
    with site.connect() as conn:
        saved = conn.execute("select name, created_by from import_sources").fetchall()
        rates = conn.execute(
            "select index_number, interest_regime::text from judgments"
            " where index_number like 'MK-%' order by 1"
        ).fetchall()
        batch = conn.execute(
            "select source, interest_regime_default::text from import_batches order by id desc"
        ).fetchone()
    assert saved == [("matters", site.users["ops"])]
    assert {r for _, r in rates} == {"consumer"}  # the default, and the 2% row agrees
    assert batch == ("matters", "consumer")

    # The next file with these headers goes straight to the import; a file over 1 MB too (its
    # header row is read from the first 512 KB).
    big = _file(tmp_path, "matters-2.csv", 11, count=12_000)
    assert big.stat().st_size > 1_000_000
    page.locator("#intake-file").set_input_files(str(big))
    page.locator(".upload-status", has_text="matters-2.csv (matters) imported").wait_for(
        timeout=60_000
    )
    assert page.locator(".mapping-step").count() == 0
    assert page.js_errors == []


def test_a_viewer_sees_no_upload_or_mapping_controls(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory(1440, 900)
    login(page, "viewer")
    page.goto(f"{site.url}/#/intake")
    page.get_by_role("heading", name="Imported files").wait_for()
    assert page.locator("#intake-file").count() == 0
    assert page.locator("#intake-regime").count() == 0


def test_the_mapping_step_fits_a_phone(
    site: Any,
    page_factory: Callable[..., Any],
    login: Callable[[Any, str], None],
    tmp_path: Path,
) -> None:
    page = page_factory(390, 844)
    login(page, "ops")
    page.goto(f"{site.url}/#/intake")
    # Other headers than the first test's file, whose source this module's site has saved.
    head = HEAD.replace("Where Entered", "Where Entered Then")
    _open_mapping(page, _file(tmp_path, "phone.csv", 31, head))
    page.locator("#map-index_number").select_option("Matter Key")
    page.locator("#map-court").select_option("Where Entered Then")
    page.locator("#mapping-preview").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the mapping step is {width} px wide at 390 px"
    if os.environ.get("DRAGONFLY_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / "intake-mapping-phone.png"), full_page=True)
    assert page.js_errors == []
