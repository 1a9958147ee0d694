"""Dashboard benchmark: time to visible numbers in headless Chromium over 1,000,000 judgments.

Targets (issue 6): Overview numbers visible < 1.5 s after navigation, first Portfolio page
visible < 1 s, total static payload (gzip of every dashboard file) < 500 KB. Creates a scratch
database on the configured server (DATABASE_URL, or the embedded one), loads it with the score
benchmark's generate_series statements, starts `dragonfly serve`, measures, and cleans up.
The API's own answer time for the same request is printed beside each figure as a baseline.

    python benchmarks/dashboard_bench.py [--rows 1000000] [--runs 5] [--admin-url postgresql://...]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_databases import admin_url, scratch_database
from bench_server import running_server
from dragonfly.migrate import apply_migrations
from dragonfly.services.accounts.users import create_user
from dragonfly.valuation import refresh_judgments
from score_bench import AS_OF, LOAD_ASSETS, LOAD_DEBTORS, LOAD_JUDGMENTS, LOAD_LEDGER

DASHBOARD = Path(__file__).resolve().parents[1] / "src" / "dragonfly" / "dashboard"
EMAIL = "bench@dragonfly.test"
PASSWORD = "bench-password-long-enough"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOAD_PLAINTIFFS = """
insert into plaintiffs (name, name_key, status)
select 'Client ' || g, 'client ' || g, 'new' from generate_series(1, 2000) g
"""
LINK_PLAINTIFFS = "update judgments set plaintiff_id = 1 + id % 2000"


def static_payload_gzip() -> tuple[int, int, int]:
    """(files, raw bytes, gzip bytes) over every file in the dashboard folder."""
    files = [p for p in DASHBOARD.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files)
    return len(files), raw, packed


def _load(url: str, rows: int) -> None:
    apply_migrations(url)
    params = {"rows": rows, "debtors": max(rows // 2, 1)}
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in (LOAD_DEBTORS, LOAD_ASSETS, LOAD_JUDGMENTS, LOAD_LEDGER, LOAD_PLAINTIFFS):
            conn.execute(statement, params)
        conn.execute(LINK_PLAINTIFFS)
        refresh_judgments(conn, as_of=AS_OF)
        conn.execute("vacuum analyze")
        create_user(conn, email=EMAIL, password=PASSWORD, role="admin", actor="bench")
    label = f"load + value {rows:,} judgments"
    print(f"{label:<44} {time.perf_counter() - started:8.2f} s")


def _api_seconds(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    client.get(path).raise_for_status()
    return time.perf_counter() - started


def _visible_after(page: Any, url: str, selector: str) -> float:
    """Seconds from the start of navigation until `selector` is visible (the page's own clock)."""
    page.goto("about:blank")
    page.goto(url, wait_until="commit")
    page.locator(selector).first.wait_for(state="visible", timeout=60_000)
    return float(page.evaluate("performance.now()")) / 1000


def _median(label: str, runs: int, measure: Callable[[], float]) -> float:
    first = measure()
    rest = [measure() for _ in range(runs)]
    median = statistics.median(rest)
    print(f"{label:<44} first {first:6.3f} s   median of {runs} {median:6.3f} s")
    return median


def measure(base: str, runs: int) -> tuple[float, float, float, float]:
    from playwright.sync_api import sync_playwright

    with httpx.Client(base_url=base, timeout=60) as client:
        client.post(
            "/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}
        ).raise_for_status()
        api_overview = _median(
            "API GET /api/v1/overview", runs, lambda: _api_seconds(client, "/api/v1/overview")
        )
        api_page = _median(
            "API GET /api/v1/judgments (page 1)",
            runs,
            lambda: _api_seconds(client, "/api/v1/judgments"),
        )
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.request.post(
            f"{base}/api/v1/auth/login", data={"email": EMAIL, "password": PASSWORD}
        )
        page = context.new_page()
        overview = _median(
            "dashboard: Overview numbers visible",
            runs,
            lambda: _visible_after(page, f"{base}/#/overview", ".metric-value"),
        )
        portfolio = _median(
            "dashboard: first Portfolio page visible",
            runs,
            lambda: _visible_after(page, f"{base}/#/portfolio", "table.data tbody tr a"),
        )
        browser.close()
    return overview, portfolio, api_overview, api_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--admin-url", default=None, help="server URL allowed to create databases")
    args = parser.parse_args()
    files, raw, packed = static_payload_gzip()
    with (
        scratch_database(admin_url(args.admin_url)) as url,
        tempfile.TemporaryDirectory(prefix="df-dash-bench-") as home,
    ):
        _load(url, args.rows)
        with running_server(url, Path(home)) as base:
            overview, portfolio, api_overview, api_page = measure(base, args.runs)
    print(f"static payload: {files} files, {raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzip")
    print(
        f"ratio Overview page / its API call: {overview / api_overview:.1f}x;"
        f" Portfolio page / its API call: {portfolio / api_page:.1f}x"
    )
    verdicts = [
        ("Overview < 1.5 s", overview < 1.5, f"{overview:.3f} s"),
        ("Portfolio < 1 s", portfolio < 1.0, f"{portfolio:.3f} s"),
        ("payload < 500 KB gzip", packed < 500 * 1024, f"{packed / 1024:.1f} KB"),
    ]
    for target, ok, figure in verdicts:
        print(f"target {target:<24} {'PASS' if ok else 'MISS'} ({figure})")


if __name__ == "__main__":
    main()
