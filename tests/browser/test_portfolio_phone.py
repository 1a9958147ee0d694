"""The Portfolio on a phone (390 px): one readable card per judgment, nothing cut, no sideways
scroll; and on a laptop (1280 px) and a desktop (1440 px) the whole table without scrolling."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.ingest.pipeline import import_file

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# The longest names and largest balances the cards must show whole.
LONG_PLAINTIFF = "Metropolitan Consumer Receivables Recovery Partners of New York LLC"
LONG_DEBTOR = "Bartholomew Alexander Montgomery-Worthington III"


@pytest.fixture(scope="module")
def portfolio(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Imported demo judgments, and one with very long names and a balance in the millions."""
    folder = tmp_path_factory.mktemp("demo")
    path = write_demo_file(folder / "portfolio.csv", 60, "simplicity", 5, 0.0)
    import_file(site.db_url, path, actor="browser-tests")
    long_one = folder / "long.csv"
    long_one.write_text(
        "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry,Court\n"
        f'CV-2024-987654321,"{LONG_PLAINTIFF}","{LONG_DEBTOR}",9876543.21,01/05/2024,'
        "Kings Civil Court\n",
        encoding="utf-8",
    )
    import_file(site.db_url, long_one, actor="browser-tests")
    yield


# Each card (a row of the table) as the phone shows it: its box, and per line the label, the
# text, where the value starts, and whether any part of it is clipped or cut with an ellipsis.
CARDS_JS = """() => {
  const cut = (el, stop) => {
    for (let e = el; e && e !== stop; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === "inline") continue;  // overflow does not apply to inline boxes
      const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
      if (clips && e.scrollWidth > e.clientWidth + 1) return true;
    }
    return false;
  };
  return [...document.querySelectorAll("table.data tbody tr")].map((tr) => {
    const box = tr.getBoundingClientRect();
    const balance = tr.querySelector('td[data-label="Balance"] strong');
    const b = balance.getBoundingClientRect();
    const cells = [...tr.querySelectorAll("td")].map((td) => {
      const value = (td.firstElementChild || td).getBoundingClientRect();
      const leaves = [...td.querySelectorAll("*")].filter((e) => !e.firstElementChild);
      return { label: td.dataset.label, text: td.innerText,
               left: value.left - td.getBoundingClientRect().left,
               cut: [td, ...leaves].some((e) => cut(e, tr)) };
    });
    return { left: box.left, right: box.right, balanceText: balance.innerText,
             balanceWhole: b.left >= box.left && b.right <= Math.min(box.right, innerWidth)
               && !cut(balance, tr),
             cells };
  });
}"""


def show_portfolio(page: Any, url: str) -> None:
    page.goto(f"{url}/#/portfolio")
    page.locator("#portfolio-total").wait_for()


def test_each_judgment_is_one_card_that_fits_a_phone(
    site: Any,
    portfolio: None,
    page_factory: Callable[..., Any],
    login: Callable[[Any, str], None],
) -> None:
    page = page_factory(width=390, height=844)
    login(page, "viewer")
    show_portfolio(page, site.url)
    cards = page.evaluate(CARDS_JS)
    assert len(cards) == 50  # one full page, every judgment its own card
    for card in cards:
        assert card["left"] >= 0 and card["right"] <= 390, card
        assert card["balanceWhole"] and "…" not in card["balanceText"], card
        assert card["balanceText"].startswith("$") and card["balanceText"][-3] == ".", card
        labels = [c["label"] for c in card["cells"]]
        assert labels == ["Case", "County", "Entered", "Parties", "Balance", "Score", "Status"]
        score = next(c for c in card["cells"] if c["label"] == "Score")
        assert re.fullmatch(r"\d{1,3}\s*[ABCDF]", score["text"].strip()), score  # score and tier
        for cell in card["cells"]:
            assert not cell["cut"], cell  # nothing is clipped or ellipsized
            # The value sits beside its label, not pushed to the far edge of the card.
            assert cell["left"] < 130, cell
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.querySelector('.table-wrap').scrollWidth") <= 390
    # The longest names and the largest balance are shown whole.
    page.goto(f"{site.url}/#/portfolio?q=Montgomery-Worthington")
    page.locator("#portfolio-total", has_text=re.compile(r"^1 judgment$")).wait_for()
    card = page.locator("table.data tbody tr").first
    for text in (LONG_PLAINTIFF, LONG_DEBTOR, "$9,876,543.21", "CV-2024-987654321"):
        assert text in card.inner_text()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_table_fits_a_laptop_and_a_desktop_without_scrolling(
    site: Any,
    portfolio: None,
    page_factory: Callable[..., Any],
    login: Callable[[Any, str], None],
    width: int,
) -> None:
    page = page_factory(width=width, height=900)
    login(page, "viewer")
    show_portfolio(page, site.url)
    wrap = page.evaluate(
        "(() => { const w = document.querySelector('.table-wrap');"
        " return [w.scrollWidth, w.clientWidth]; })()"
    )
    assert wrap[0] <= wrap[1], f"the table is {wrap[0]} px in a {wrap[1]} px box at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    headers = page.locator("table.data thead th").all_inner_texts()
    assert [h.upper() for h in headers] == [
        "CASE", "COUNTY", "ENTERED", "PARTIES", "BALANCE", "SCORE", "STATUS"
    ]  # fmt: skip


@pytest.mark.skipif(
    os.environ.get("DRAGONFLY_SCREENSHOTS") != "1", reason="set DRAGONFLY_SCREENSHOTS=1 to refresh"
)
def test_save_screenshots_of_the_phone_portfolio(
    site: Any,
    portfolio: None,
    page_factory: Callable[..., Any],
    login: Callable[[Any, str], None],
) -> None:
    """docs/screenshots/portfolio-phone.png (portfolio.png, at 1280 px, comes from
    test_dashboard_states.py with the other screens)."""
    page = page_factory(width=390, height=844)
    login(page, "admin")
    show_portfolio(page, site.url)
    # From the count down, below the sticky menu bar: the first cards as a person scrolls to them.
    page.evaluate(
        "window.scrollTo(0, document.querySelector('#portfolio-total')"
        ".getBoundingClientRect().top + window.scrollY - 64)"
    )
    target = SCREENSHOTS / "portfolio-phone.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size < 1_000_000
