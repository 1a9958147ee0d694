"""What people see beyond the happy path: read-only viewers, a failing or unreachable API,
a bad password, and a 390 px phone screen. Optionally saves the README screenshots."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.ingest.pipeline import import_file

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("recorded_releases", "portfolio")]

SCREENS = [
    "overview",
    "portfolio",
    "enforcement",
    "intake",
    "plaintiffs",
    "releases",
    "users",
]


@pytest.fixture(scope="module")
def portfolio(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Imported demo judgments, one with an open enforcement action; yields that judgment's id."""
    folder = tmp_path_factory.mktemp("demo")
    path = write_demo_file(folder / "portfolio.csv", 120, "simplicity", 3, 0.03)
    import_file(site.db_url, path, actor="browser-tests")
    with site.connect() as conn:
        row = conn.execute(
            "select id from valued_judgments order by balance desc nulls last limit 1"
        ).fetchone()
        assert row is not None
        conn.execute(
            "insert into enforcement_actions (judgment_id, kind, state, created_by)"
            " values (%s, 'information_subpoena', 'draft', 'browser-tests')",
            (row[0],),
        )
    yield int(row[0])


def settle(page: Any) -> None:
    """Wait until the screen is drawn and nothing on it is still loading."""
    page.locator(".screen").wait_for()
    page.wait_for_function("() => !document.querySelector('.screen .loading')")


def test_viewer_sees_no_write_buttons(
    site: Any, portfolio: int, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    # The same judgment page offers writes to operations staff...
    ops = page_factory()
    login(ops, "ops")
    ops.goto(f"{site.url}/#/judgments/{portfolio}")
    ops.locator("#balance-amount").wait_for()
    assert ops.locator("form.ledger-form").count() == 1
    assert ops.locator(".action-moves button").count() > 0

    # ...and none to a viewer: no ledger form, no action moves, no upload, no Users page.
    viewer = page_factory()
    login(viewer, "viewer")
    assert viewer.get_by_role("link", name="Users").count() == 0
    viewer.goto(f"{site.url}/#/judgments/{portfolio}")
    viewer.locator("#balance-amount").wait_for()
    viewer.locator(".timeline > li").first.wait_for()
    assert viewer.locator("form.ledger-form").count() == 0
    assert viewer.locator("form.new-action").count() == 0
    assert viewer.locator(".action-moves button").count() == 0
    viewer.goto(f"{site.url}/#/intake")
    viewer.locator(".card", has_text="Imported files").locator("table").wait_for()
    assert viewer.locator("#dropzone").count() == 0
    viewer.goto(f"{site.url}/#/users")
    viewer.locator("#metrics").wait_for()  # a viewer asking for Users lands on the Overview
    assert viewer.locator("form", has_text="Add user").count() == 0


def test_failed_request_shows_error_and_retry(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    login(page, "admin")
    failing = {"on": True}

    def overview_route(route: Any) -> None:
        if failing["on"]:
            route.fulfill(status=500, content_type="text/plain", body="Internal Server Error")
        else:
            route.continue_()

    page.route("**/api/v1/overview", overview_route)
    page.goto(f"{site.url}/#/overview")
    alert = page.get_by_role("alert").filter(has_text="Could not load the overview.")
    alert.wait_for()
    assert "server had a problem" in alert.inner_text()
    assert page.locator(".metric").count() == 0  # no made-up numbers in place of the real ones

    failing["on"] = False
    alert.get_by_role("button", name="Retry").click()
    page.locator(".metric").first.wait_for()
    assert page.get_by_role("alert").filter(has_text="Could not load").count() == 0


def test_unreachable_server_says_so(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    login(page, "ops")
    page.route("**/api/v1/judgments?*", lambda route: route.abort("connectionrefused"))
    page.goto(f"{site.url}/#/portfolio?tier=A")
    alert = page.get_by_role("alert").filter(has_text="Could not load the portfolio.")
    alert.wait_for()
    assert "could not be reached" in alert.inner_text()
    page.unroute("**/api/v1/judgments?*")
    alert.get_by_role("button", name="Retry").click()
    page.locator("#portfolio-total").wait_for()


def test_wrong_password_is_refused_plainly(site: Any, page_factory: Callable[..., Any]) -> None:
    page = page_factory()
    page.goto(site.url + "/")
    page.get_by_label("Email").fill(site.users["ops"])
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That email and password do not match an active account.").wait_for()
    assert page.locator(".who-name").count() == 0


def test_portfolio_filters_live_in_the_url(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    login(page, "ops")
    page.goto(f"{site.url}/#/portfolio?sort=-score&status=active")
    page.locator("#portfolio-total").wait_for()
    assert page.get_by_label("Sort by").input_value() == "-score"
    assert page.get_by_label("Status").input_value() == "active"
    scores = page.locator('table.data tbody td[data-label="Score"]').all_inner_texts()
    # Each cell is the score beside its tier: "87 A".
    numbers = [int(s.split()[0]) for s in scores if s.split() and s.split()[0].isdigit()]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 1
    with site.connect() as conn:
        row = conn.execute(
            "select tier, count(*) from valued_judgments"
            " where status = 'active' and tier is not null"
            " group by tier order by count(*) desc limit 1"
        ).fetchone()
    assert row is not None
    tier, expected = row
    page.get_by_label("Tier").select_option(tier)
    page.wait_for_url(f"**tier={tier}**")
    page.wait_for_function(
        "tier => { const cells = [...document.querySelectorAll('table.data tbody .tier')];"
        " return cells.length > 0 && cells.every(c => c.textContent === tier); }",
        arg=tier,
    )
    noun = "judgment" if expected == 1 else "judgments"
    assert page.locator("#portfolio-total").inner_text() == f"{expected:,} {noun}"

    # Export CSV downloads exactly the filtered list.
    href = page.get_by_role("link", name="Export CSV").get_attribute("href")
    assert href is not None and f"tier={tier}" in href
    export = page.request.get(site.url + href)
    assert export.ok and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.text())))
    assert len(rows) == expected + 1  # header + one row per judgment


def test_admin_adds_a_user_changes_the_role_and_disables_them(
    site: Any, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    login(page, "admin")
    page.get_by_role("link", name="Users").click()
    form = page.locator("form", has_text="Add user")
    form.get_by_label("Email").fill("New.Person@Dragonfly.test")
    form.get_by_label("Name").fill("New Person")
    form.get_by_label("Password").fill("short")
    form.get_by_role("button", name="Add user").click()
    assert form.get_by_label("Password").evaluate("el => el.validity.tooShort") is True

    form.get_by_label("Password").fill("a-long-enough-password")
    form.get_by_role("button", name="Add user").click()
    row = page.locator("tr", has_text="new.person@dragonfly.test")
    row.wait_for()
    row.get_by_label("Role for new.person@dragonfly.test").select_option("ops")
    page.get_by_text("new.person@dragonfly.test is now ops.").wait_for()
    page.locator("tr", has_text="new.person@dragonfly.test").get_by_role(
        "button", name="Disable"
    ).click()
    page.locator("tr", has_text="new.person@dragonfly.test").get_by_text("Disabled").wait_for()
    with site.connect() as conn:
        found = conn.execute(
            "select role, disabled from users where email = 'new.person@dragonfly.test'"
        ).fetchone()
    assert found == ("ops", True)


def test_a_bad_amount_is_explained_and_not_sent(
    site: Any, portfolio: int, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory()
    login(page, "ops")
    page.goto(f"{site.url}/#/judgments/{portfolio}")
    form = page.locator("form.ledger-form")
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    for bad in ["abc", "12.345", "0", "-5"]:
        form.get_by_label("Amount ($)").fill(bad)
        form.get_by_role("button", name="Record").click()
        form.get_by_text("Enter an amount in dollars and cents").wait_for()
    assert posted == []


def test_phone_width_has_no_horizontal_scroll(
    site: Any, portfolio: int, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    page = page_factory(width=390, height=844)
    login(page, "admin")
    for screen in [*SCREENS, f"judgments/{portfolio}"]:
        page.goto(f"{site.url}/#/{screen}")
        settle(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"#{screen} is {width} px wide at a 390 px viewport"


@pytest.mark.skipif(
    os.environ.get("DRAGONFLY_SCREENSHOTS") != "1", reason="set DRAGONFLY_SCREENSHOTS=1 to refresh"
)
def test_save_screenshots(
    site: Any, portfolio: int, page_factory: Callable[..., Any], login: Callable[[Any, str], None]
) -> None:
    folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    _record_some_activity(site)
    page = page_factory()
    login(page, "admin")
    with site.connect() as conn:
        batch = conn.execute("select max(id) from import_batches").fetchone()
    assert batch is not None
    shots = [s.replace("intake", f"intake?batch={batch[0]}") for s in SCREENS]
    # enforcement.png shows the deadlines desk with deadlines on it: test_desk_screen saves it.
    shots = [s for s in shots if s != "enforcement"]
    for screen in [*shots, f"judgments/{portfolio}"]:
        page.goto(f"{site.url}/#/{screen}")
        settle(page)
        name = screen.split("?")[0].split("/")[0]
        name = "judgment" if name == "judgments" else name
        target = folder / f"{name}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size < 1_000_000
    _record_a_bank(site, portfolio)
    page.goto(f"{site.url}/#/judgments/{portfolio}")
    page.reload()  # the same address as the last picture: load the page again to show the bank
    settle(page)
    page.locator(".card", has_text="Debtor's assets").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "judgment-lifecycle.png"), full_page=True)
    page.goto(f"{site.url}/#/portfolio?likely_consumer=true")
    settle(page)
    page.get_by_role("button", name="Change interest rate…").click()
    page.get_by_role("button", name="Preview").click()
    page.locator("#regime-preview").wait_for()
    page.screenshot(path=str(folder / "consumer-review.png"))
    login_page = page_factory()
    login_page.goto(site.url + "/")
    login_page.get_by_label("Email").wait_for()
    login_page.screenshot(path=str(folder / "login.png"))


def _record_some_activity(site: Any) -> None:
    """Payments and actions through the API, so the charts have something true to show."""
    with httpx.Client(base_url=site.url, timeout=30) as client:
        answer = client.post(
            "/api/v1/auth/login",
            json={"email": site.users["admin"], "password": "correct-horse-battery-staple"},
        )
        answer.raise_for_status()
        ids = [i["id"] for i in client.get("/api/v1/judgments?page_size=12").json()["items"]]
        for n, judgment_id in enumerate(ids):
            client.post(
                f"/api/v1/judgments/{judgment_id}/ledger",
                json={
                    "kind": "payment",
                    "amount": f"{150 + n * 35}.00",
                    "effective_on": _days_ago(n * 6),
                    "memo": f"payment {n + 1}",
                },
            ).raise_for_status()
            action = client.post(
                f"/api/v1/judgments/{judgment_id}/actions",
                json={
                    "kind": "information_subpoena" if n % 2 else "restraining_notice",
                    "third_party": "Chase Bank" if n % 2 else "Citibank",
                },
            )
            action.raise_for_status()
            for state in ["issued", "served"][: n % 3]:
                client.post(
                    f"/api/v1/actions/{action.json()['id']}/transition", json={"to_state": state}
                ).raise_for_status()


def _record_a_bank(site: Any, judgment_id: int) -> None:
    """A bank learned from a subpoena answer, through the API, for the judgment page's picture."""
    with httpx.Client(base_url=site.url, timeout=30) as client:
        client.post(
            "/api/v1/auth/login",
            json={"email": site.users["admin"], "password": "correct-horse-battery-staple"},
        ).raise_for_status()
        judgment = client.get(f"/api/v1/judgments/{judgment_id}").json()["judgment"]
        client.post(
            f"/api/v1/debtors/{judgment['debtor']['id']}/assets",
            json={"kind": "bank", "name": "Chase Bank", "address": "4 New York Plaza, New York, NY",
                  "source": "subpoena_answer", "learned_on": _days_ago(3)},
        ).raise_for_status()  # fmt: skip


def _days_ago(days: int) -> str:
    from datetime import timedelta

    from dragonfly.core.clock import today_in_new_york

    return (today_in_new_york() - timedelta(days=days)).isoformat()
