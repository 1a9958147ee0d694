"""Can slow or aborted CSV exports and broad searches hold the API? Three figures, over HTTP.

Loads a generated portfolio (the same generator as api_bench.py) into a fresh database, or
reuses one given with --url, runs `dragonfly serve` (one process) on 127.0.0.1, and measures:

1. p95 of GET /api/v1/auth/me while 10 CSV exports are read slowly (target < 100 ms);
2. connections left idle in transaction after 10 exports aborted mid-stream (target 0);
3. p95 of the judgments list with `q=a` under 8 clients (target < 500 ms), in the default order
   (largest balance first) and sorted by lowest score first, which no index serves.

    python benchmarks/hardening_bench.py [--rows 200000] [--url URL] [--seconds 10]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

from api_bench import PASSWORD, load
from bench_databases import admin_url, fresh_database
from bench_server import running_server
from dragonfly.migrate import apply_migrations

EXPORT_PATH = "/api/v1/judgments/export.csv"
LIST_PATH = "/api/v1/judgments?q=a{sort}&page={page}&page_size=50"
REQUEST_TIMEOUT = 40.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@contextmanager
def signed_in(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        answer = client.post(
            "/api/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}
        )
        answer.raise_for_status()
        yield client


def slow_export(base: str, stop: threading.Event, statuses: Counter[str]) -> None:
    """Read one export a kilobyte every half second until told to stop."""
    with signed_in(base) as client:
        try:
            with client.stream("GET", EXPORT_PATH) as response:
                statuses[str(response.status_code)] += 1
                for _ in response.iter_bytes(1024):
                    if stop.wait(0.5):
                        break
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1


def me_while_exports_stream(base: str, seconds: float) -> tuple[float, Counter[str], Counter[str]]:
    stop = threading.Event()
    export_statuses: Counter[str] = Counter()
    readers = [
        threading.Thread(target=slow_export, args=(base, stop, export_statuses)) for _ in range(10)
    ]
    for reader in readers:
        reader.start()
    time.sleep(2)  # let every export start and fill its socket buffers
    timings: list[float] = []
    me_statuses: Counter[str] = Counter()
    with signed_in(base) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                me_statuses[str(client.get("/api/v1/auth/me").status_code)] += 1
            except httpx.HTTPError as exc:
                me_statuses[type(exc).__name__] += 1
            timings.append((time.perf_counter() - began) * 1000)
            time.sleep(0.1)
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
    return percentile(timings, 0.95), me_statuses, export_statuses


def idle_in_transaction(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "select count(*) from pg_stat_activity"
            " where datname = current_database() and state like 'idle in transaction%%'"
        ).fetchone()
    return int(row[0]) if row else 0


def aborted_exports(base: str, url: str) -> int:
    """Start 10 exports, read their first chunk, drop the connection; count what stays open."""
    for _ in range(10):
        with signed_in(base) as client, client.stream("GET", EXPORT_PATH) as response:
            next(response.iter_bytes(1024), b"")
    time.sleep(2)
    return idle_in_transaction(url)


def list_under_load(
    base: str, seconds: float, clients: int, sort: str = ""
) -> tuple[float, float, Counter[str]]:
    timings: list[float] = []
    statuses: Counter[str] = Counter()
    lock = threading.Lock()

    def one_client(number: int) -> None:
        with signed_in(base) as client:
            deadline = time.monotonic() + seconds
            page = number
            while time.monotonic() < deadline:
                page = page % 20 + 1
                began = time.perf_counter()
                try:
                    status = str(client.get(LIST_PATH.format(sort=sort, page=page)).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                with lock:
                    timings.append((time.perf_counter() - began) * 1000)
                    statuses[status] += 1

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return percentile(timings, 0.5), percentile(timings, 0.95), statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--url", help="an already loaded benchmark database to reuse")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    url = args.url
    if url is None:
        url = fresh_database(admin_url(None), "hardening")
        apply_migrations(url)
        print(f"loading {args.rows:,} judgments into {url.rsplit('/', 1)[-1]}", flush=True)
        load(url, args.rows)
    # A fresh server for each figure, so connections one part leaks cannot slow the next.
    with tempfile.TemporaryDirectory() as home, running_server(url, Path(home)) as base:
        p95, me_statuses, export_statuses = me_while_exports_stream(base, args.seconds)
        print(f"/auth/me p95 while 10 exports stream slowly: {p95:.0f} ms", flush=True)
        print(f"  /auth/me answers {dict(me_statuses)}; exports {dict(export_statuses)}")
    with tempfile.TemporaryDirectory() as home, running_server(url, Path(home)) as base:
        left = aborted_exports(base, url)
        print(f"idle in transaction after 10 aborted exports: {left}", flush=True)
    for sort in ("", "&sort=score"):
        with tempfile.TemporaryDirectory() as home, running_server(url, Path(home)) as base:
            p50, p95, statuses = list_under_load(base, args.seconds, clients=8, sort=sort)
            print(f"list q=a{sort}, 8 clients: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
            print(f"  answers {dict(statuses)}")
    print(f"database kept for reuse: --url {url}")


if __name__ == "__main__":
    main()
