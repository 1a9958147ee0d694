"""API throughput and latency over a 1,000,000-judgment portfolio.

Loads generated judgments (with plaintiffs, debtors, payments and actions) into a fresh database
on the configured server (DATABASE_URL, or the embedded one), runs `dragonfly serve --workers 2`
on 127.0.0.1, and drives the judgments list (one filter, one sort, 50 rows) and the overview
from a second process with a few concurrent clients. In the same run it times the same list
query straight through psycopg, and prints the ratio. Targets: list p95 < 50 ms, overview
p95 < 100 ms, >= 300 req/s on the list, API p50 <= 3x the direct SQL time.

    python benchmarks/api_bench.py [--rows 1000000] [--seconds 15] [--clients 6]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from bench_databases import admin_url, scratch_database
from bench_server import running_server
from dragonfly.migrate import apply_migrations
from dragonfly.services.accounts.passwords import hash_password
from dragonfly.services.judgments.portfolio import JudgmentFilters, list_judgments

PASSWORD = "benchmark password 123"
LIST_PATH = "/api/v1/judgments?tier={tier}&sort=-score&page_size=50"
TIERS = "ABCDF"

LOAD_SQL = [
    """insert into plaintiffs (name, name_key, status, phone)
       select 'Plaintiff ' || i, 'plaintiff ' || i,
              (array['new','contacted','qualified','signed'])[1 + mod(i, 4)]::plaintiff_status,
              '555-' || lpad(i::text, 4, '0')
       from generate_series(1, %(plaintiffs)s) i""",
    """insert into debtors (name, name_key, kind, street, city, state, zip)
       select 'Debtor ' || i || case when mod(i, 3) = 0 then ' LLC' else '' end, 'debtor ' || i,
              case when mod(i, 3) = 0 then 'business' else 'individual' end::party_kind,
              i || ' Main St', 'Brooklyn', 'NY', lpad((10000 + mod(i, 900))::text, 5, '0')
       from generate_series(1, %(debtors)s) i""",
    # Generated values are stored first, keyed by the ids the judgments below will get (a fresh
    # database numbers them from 1), so the judgments_have_values trigger adds none of its own.
    """insert into judgment_values (judgment_id, balance, balance_as_of, score, tier,
              score_version, score_as_of)
       select i, round(p * 1.2, 2), current_date, s,
              case when s >= 80 then 'A' when s >= 60 then 'B' when s >= 40 then 'C'
                   when s >= 20 then 'D' else 'F' end, 'v1', current_date
       from (select i, round((500 + mod(i * 104729, 99500))::numeric, 2) p,
                    mod(i * 7 + i / 13, 101) s
             from generate_series(1::bigint, %(rows)s) i) g""",
    """insert into judgments (court_code, court_name, county_code, index_number,
              index_number_norm, entry_date, principal, plaintiff_id, debtor_id, status,
              created_at)
       select 'CIV-' || c, 'Civil Court, ' || c || ' County', c, i || '/20' || (10 + mod(i, 15)),
              i || '/20' || (10 + mod(i, 15)), date '2008-01-01' + mod(i * 7919, 6500)::int,
              p, 1 + mod(i, %(plaintiffs)s), 1 + mod(i, %(debtors)s),
              case when mod(i, 20) = 0 then 'satisfied' else 'active' end::judgment_status,
              now() - make_interval(days => mod(i, 400)::int)
       from (select i, (array['KINGS','QUEENS','NEW YORK','BRONX','RICHMOND'])[1 + mod(i, 5)] c,
                    round((500 + mod(i * 104729, 99500))::numeric, 2) p
             from generate_series(1::bigint, %(rows)s) i) g""",
    """insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)
       select 1 + mod(i * 37, %(rows)s), 'payment', 50 + mod(i, 500),
              current_date - mod(i, 120)::int, 'bench'
       from generate_series(1, %(payments)s) i""",
    """insert into enforcement_actions (judgment_id, kind, state, created_by, updated_at)
       select 1 + mod(i * 53, %(rows)s),
              (array['information_subpoena','restraining_notice','property_execution']
               )[1 + mod(i, 3)]::action_kind,
              (array['draft','issued','served','completed'])[1 + mod(i, 4)]::action_state, 'bench',
              now() - make_interval(days => mod(i, 30)::int)
       from generate_series(1, %(actions)s) i""",
    "analyze",
]


def load(url: str, rows: int) -> None:
    params = {
        "rows": rows,
        "plaintiffs": max(rows // 200, 10),
        "debtors": max(rows // 4, 10),
        "payments": max(rows // 50, 10),
        "actions": max(rows // 100, 10),
    }
    with psycopg.connect(url, autocommit=True) as conn:
        # Building indexes once after the load is far faster than maintaining them row by row;
        # the final database has exactly the indexes the migrations define.
        indexes = conn.execute(
            "select indexname, indexdef from pg_indexes"
            " where tablename in ('judgments', 'debtors')"
            " and indexname not in (select conname from pg_constraint)"
        ).fetchall()
        for index_name, _ in indexes:
            conn.execute(sql.SQL("drop index {}").format(sql.Identifier(index_name)))
        for statement in LOAD_SQL[:-1]:
            started = time.perf_counter()
            conn.execute(statement.encode(), params if "%(" in statement else None)
            print(
                f"  loaded {statement.split()[2]} in {time.perf_counter() - started:.1f}s",
                flush=True,
            )
        started = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition.encode())
        conn.execute("analyze")
        print(f"  indexes rebuilt and analyzed in {time.perf_counter() - started:.1f}s")
        conn.execute(
            "insert into users (email, role, password_hash)"
            " values ('bench@example.com', 'ops', %s)",
            (hash_password(PASSWORD),),
        )


def drive(base: str, kind: str, seconds: float, clients: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Runs in a second process: `clients` threads, each a keep-alive client, for `seconds`."""
    with httpx.Client(base_url=base) as login:
        cookie = login.post(
            "/api/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}
        ).cookies["df_session"]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(number: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, cookies={"df_session": cookie}, timeout=10) as http:
            n = number
            while time.perf_counter() < stop_at:
                path = (
                    LIST_PATH.format(tier=TIERS[n % len(TIERS)])
                    if kind == "list"
                    else "/api/v1/overview"
                )
                started = time.perf_counter()
                response = http.get(path)
                mine.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors[0] += 1
                n += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put((latencies, errors[0], time.perf_counter() - began))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(base: str, kind: str, seconds: float, clients: int) -> tuple[float, float, float, int]:
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()  # type: ignore[type-arg]
    worker = multiprocessing.get_context("spawn").Process(
        target=drive, args=(base, kind, seconds, clients, queue)
    )
    worker.start()
    latencies, errors, elapsed = queue.get()
    worker.join()
    return (
        percentile(latencies, 0.50) * 1000,
        percentile(latencies, 0.95) * 1000,
        len(latencies) / elapsed,
        errors,
    )


def direct_sql_p50(url: str, repeats: int = 200) -> float:
    """The list endpoint's own queries (page + total), straight through psycopg."""
    timings = []
    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(repeats):
            started = time.perf_counter()
            list_judgments(conn, JudgmentFilters(tier=TIERS[n % len(TIERS)]), "-score", 1, 50)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--admin-url", default=None, help="server URL allowed to create databases")
    parser.add_argument("--keep", action="store_true", help="keep the database for inspection")
    args = parser.parse_args()
    with scratch_database(admin_url(args.admin_url), keep=args.keep) as url:
        apply_migrations(url)
        print(f"loading {args.rows:,} judgments", flush=True)
        load(url, args.rows)
        with (
            tempfile.TemporaryDirectory() as home,
            running_server(url, Path(home), "--workers", "2") as base,
        ):
            sql_p50 = direct_sql_p50(url)
            # One client, one request at a time: the API's own overhead over the same SQL.
            solo_p50, _, _, _ = measure(base, "list", min(args.seconds, 5.0), 1)
            list_p50, list_p95, list_rps, list_errors = measure(
                base, "list", args.seconds, args.clients
            )
            over_p50, over_p95, over_rps, over_errors = measure(
                base, "overview", args.seconds, args.clients
            )
    print(f"rows={args.rows:,} clients={args.clients} seconds={args.seconds:g} workers=2")
    print(
        f"list     p50={list_p50:.1f}ms p95={list_p95:.1f}ms rps={list_rps:.0f}"
        f" errors={list_errors}  (target p95<50ms, rps>=300)"
    )
    print(
        f"overview p50={over_p50:.1f}ms p95={over_p95:.1f}ms rps={over_rps:.0f}"
        f" errors={over_errors}  (target p95<100ms)"
    )
    print(
        f"direct SQL list p50={sql_p50:.1f}ms; API list p50 with 1 client={solo_p50:.1f}ms;"
        f" ratio {solo_p50 / sql_p50:.1f}x (target <= 3x); under {args.clients} clients"
        f" {list_p50 / sql_p50:.1f}x"
    )


if __name__ == "__main__":
    main()
