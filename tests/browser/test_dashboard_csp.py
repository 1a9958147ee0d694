"""The dashboard and the API docs page run under the Content-Security-Policy the server sends:
no screen causes a violation, and /api/docs loads nothing from another origin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.ingest.pipeline import import_file

pytestmark = pytest.mark.browser

SCREENS = ["overview", "portfolio", "enforcement", "intake", "plaintiffs", "releases", "users"]
# Records every violation the browser reports, before any of the page's own scripts run.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def judgment(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    path = write_demo_file(tmp_path_factory.mktemp("demo") / "p.csv", 40, "simplicity", 3, 0.03)
    import_file(site.db_url, path, actor="browser-tests")
    with site.connect() as conn:
        row = conn.execute("select id from judgments order by id limit 1").fetchone()
    assert row is not None
    yield int(row[0])


def test_no_screen_violates_the_content_security_policy(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None], judgment: int
) -> None:
    page = page_factory()
    page.add_init_script(WATCH_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    login(page, "admin")
    csp = page.request.get(site.url + "/").headers["content-security-policy"]
    assert "script-src 'self'" in csp
    for screen in [*SCREENS, f"judgments/{judgment}"]:
        page.goto(f"{site.url}/#/{screen}")
        page.locator(".screen").wait_for()
        page.wait_for_function("() => !document.querySelector('.screen .loading')")
        assert page.evaluate("window.__cspViolations") == [], screen
    page.goto(f"{site.url}/api/docs")
    page.get_by_text("GET /api/v1/auth/me").wait_for()
    assert page.evaluate("window.__cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]
    assert page.js_errors == []


def test_the_api_docs_page_loads_nothing_from_another_origin(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, "viewer")
    page.goto(f"{site.url}/api/docs")
    page.get_by_text("GET /api/v1/judgments").first.wait_for()
    assert [url for url in requested if not url.startswith(site.url)] == []
