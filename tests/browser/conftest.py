"""Browser fixtures: system Chromium via Playwright, and a real `dragonfly serve` on 127.0.0.1.

One server and one database per test module (starting them takes a few seconds); each test gets
its own browser context, so cookies never leak between tests.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core.dragonfly_subprocess import COMMAND, free_port, wait_until_healthy

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery-staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Site:
    """A running dashboard + API and the database behind it."""

    url: str
    db_url: str
    users: dict[str, str] = field(default_factory=dict)  # role -> email

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.db_url, autocommit=True)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium; skipped locally when missing, a failure under CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    reason = "Chromium is not installed (apt-get install chromium); browser tests need it."
    if path is None:
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "Playwright for Python is not installed (pip install -e '.[dev]')."
        if _in_ci():
            pytest.fail(missing)
        pytest.skip(missing)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _add_users(db_url: str) -> dict[str, str]:
    from dragonfly.services.accounts.users import create_user

    users = {}
    with psycopg.connect(db_url, autocommit=True) as conn:
        for role in ("admin", "ops", "viewer"):
            email = f"{role}@dragonfly.test"
            create_user(
                conn,
                email=email,
                password=PASSWORD,
                role=role,
                display_name=f"{role.title()} Tester",
                actor="browser-tests",
            )
            users[role] = email
    return users


def start_server(db_url: str, home: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """Run `dragonfly serve` against `db_url`; returns its base URL and process."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DRAGONFLY_HOME": str(home),
        "DRAGONFLY_ENV": "test",
        "DRAGONFLY_SECRET_KEY": secrets.token_hex(32),
    }
    log = home / "serve.log"
    command = [
        *COMMAND,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--with-worker",  # uploads from Intake run as background jobs
    ]
    with log.open("wb") as out:
        # Its own session, so teardown can stop the server and its worker child together.
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
    except RuntimeError:
        process.kill()
        raise
    return url, process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server (it stops its worker); kill that process group if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def site(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    users = _add_users(module_db_url)
    url, process = start_server(module_db_url, tmp_path_factory.mktemp("serve"))
    yield Site(url=url, db_url=module_db_url, users=users)
    stop_server(process)


@pytest.fixture
def page_factory(browser: Any) -> Iterator[Callable[..., Any]]:
    """new_page(width=1280, height=800) -> a page in a fresh context; all closed afterwards."""
    contexts = []

    def new_page(width: int = 1280, height: int = 800) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def login(site: Site) -> Callable[[Any, str], None]:
    """login(page, role): open the dashboard and sign in as the test user with that role."""

    def sign_in(page: Any, role: str) -> None:
        page.goto(site.url + "/")
        page.get_by_label("Email").fill(site.users[role])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.locator(".who-name").wait_for(state="attached")

    return sign_in


def _insert_release_runs(conn: psycopg.Connection) -> None:
    """Two recorded pipeline runs: one deployed with a warning, one stopped by failing tests."""
    steps_ok = [
        ("Preflight", "success", "Settings present; both databases reachable.", 900),
        ("Tests", "success", "412 passed.", 95_000),
        ("Migrations", "success", "2 migrations applied.", 3_100),
        ("Deploy backend", "success", "Backend reports commit a1b2c3d.", 41_000),
        (
            "Deploy dashboard",
            "warning",
            "Dashboard did not report the new commit within 120 s.",
            120_000,
        ),
        ("Notify", "success", "Discord message sent.", 420),
    ]
    steps_failed = [
        ("Preflight", "success", "Settings present; both databases reachable.", 850),
        ("Tests", "failed", "3 tests failed in tests/domain/test_interest.py.", 61_000),
        ("Migrations", "skipped", "Skipped: tests failed.", None),
        ("Deploy backend", "skipped", "Skipped: tests failed.", None),
        ("Deploy dashboard", "skipped", "Skipped: tests failed.", None),
        ("Notify", "success", "Discord message sent.", 380),
    ]
    runs = [
        (
            "9f8e7d6c5b4a",
            "amy",
            "failed",
            3,
            "Tests",
            "Tests failed; production unchanged.",
            "2 days",
            62_000,
            steps_failed,
        ),
        (
            "a1b2c3d4e5f6",
            "jordan",
            "warnings",
            5,
            None,
            "Deployed with warnings: dashboard deploy not verified.",
            "3 hours",
            265_000,
            steps_ok,
        ),
    ]
    for sha, author, outcome, code, failed, summary, ago, duration, steps in runs:
        row = conn.execute(
            "insert into release_runs (commit_sha, author, branch, run_url, triggered_by, outcome,"
            " exit_code, failed_step, summary, started_at, finished_at, duration_ms)"
            " values (%s, %s, 'main', %s, 'push', %s, %s, %s, %s, now() - %s::interval,"
            " now() - %s::interval + make_interval(secs => %s / 1000.0), %s) returning id",
            (
                sha,
                author,
                f"https://github.com/example/dragonfly/actions/runs/{sha[:6]}",
                outcome,
                code,
                failed,
                summary,
                ago,
                ago,
                duration,
                duration,
            ),
        ).fetchone()
        assert row is not None
        for position, (name, status, message, ms) in enumerate(steps, start=1):
            conn.execute(
                "insert into release_steps (run_id, position, name, status, message, duration_ms)"
                " values (%s, %s, %s, %s, %s, %s)",
                (row[0], position, name, status, message, ms),
            )


@pytest.fixture(scope="module")
def recorded_releases(site: Site) -> None:
    """The module's database holds two release runs (one with warnings, one failed)."""
    with site.connect() as conn:
        _insert_release_runs(conn)
