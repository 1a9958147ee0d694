"""The dashboard's formatting and DOM helpers, run in Chromium against the static files alone:
money shown exactly as the API's decimal strings say, and data never parsed as HTML."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DASHBOARD = Path(__file__).resolve().parents[2] / "src" / "dragonfly" / "dashboard"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@pytest.fixture(scope="module")
def static_url() -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(DASHBOARD))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def module_page(browser: Any, static_url: str) -> Iterator[Any]:
    """One page for the module: these checks are pure functions and do not disturb each other."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/api/**", lambda route: route.abort())  # no API here: helpers only
    page.goto(f"{static_url}/index.html")  # boots, finds no API, says so: fine here
    yield page
    context.close()


def run(page: Any, module: str, expression: str) -> Any:
    """Import a dashboard module in the page and evaluate `expression` with it bound to `m`."""
    return page.evaluate(
        f"async () => {{ const m = await import('/js/{module}'); return {expression}; }}"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1234.5", "$1,234.50"),
        ("1234567.89", "$1,234,567.89"),
        ("0.00", "$0.00"),
        ("-125.50", "-$125.50"),
        ("999999999999.99", "$999,999,999,999.99"),
        ("0.1", "$0.10"),
        ("100", "$100.00"),
    ],
)
def test_money_is_formatted_from_the_exact_string(module_page: Any, value: str, shown: str) -> None:
    assert run(module_page, "format.js", f"m.money({value!r})") == shown


def test_missing_money_is_a_dash_never_zero(module_page: Any) -> None:
    assert run(module_page, "format.js", "[m.money(null), m.money(undefined), m.money('')]") == [
        "—",
        "—",
        "—",
    ]


def test_dates_and_deadlines_read_plainly(module_page: Any) -> None:
    shown = run(
        module_page,
        "format.js",
        "[m.date('2024-03-15'), m.date('2026-01-01'), m.date(null), m.daysLeft(-3),"
        " m.daysLeft(0), m.daysLeft(1), m.daysLeft(6004), m.duration(184000), m.label('on_hold')]",
    )
    assert shown == [
        "Mar 15, 2024",
        "Jan 1, 2026",
        "—",
        "3 days overdue",
        "due today",
        "in 1 day",
        "in 6,004 days",
        "3 min 04 s",
        "On hold",
    ]


def test_money_comparison_uses_cents_not_floats(module_page: Any) -> None:
    # 0.1 + 0.2 style float errors would make these unequal.
    assert run(module_page, "format.js", "m.compareMoney('0.30', '0.3')") == 0
    assert run(module_page, "format.js", "m.compareMoney('1000000000.01', '1000000000.00')") == 1
    assert run(module_page, "format.js", "m.compareMoney('-5.00', '2.00')") == -1


def test_a_count_of_one_is_singular(module_page: Any) -> None:
    shown = "[m.countOf(1, 'judgment'), m.countOf(0, 'judgment'), m.countOf(1234, 'judgment')]"
    assert run(module_page, "format.js", shown) == ["1 judgment", "0 judgments", "1,234 judgments"]


def test_data_is_put_on_the_page_as_text_not_html(module_page: Any) -> None:
    hostile = '<img src=x onerror="window.pwned=1">Smith & Co'
    result = run(
        module_page,
        "dom.js",
        f"(() => {{ const el = m.h('div', {{ title: {hostile!r} }}, {hostile!r});"
        " document.body.append(el);"
        " return [el.children.length, el.textContent, el.getAttribute('title')]; })()",
    )
    assert result == [0, hostile, hostile]
    module_page.wait_for_timeout(100)
    assert module_page.evaluate("window.pwned") is None
