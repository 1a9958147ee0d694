"""Rescoring benchmark: refresh_judgments over N judgments vs a bare UPDATE touching the same rows.

The rows a rescore writes are judgment_values rows; the bare UPDATE of judgments (where the
values lived before migration 20261124090000) is printed too.

Target (issue 3): under 10 s for 1,000,000 judgments on a 2-core machine. Creates a scratch
database on the configured server (DATABASE_URL, or the embedded one), loads generated data
with INSERT ... SELECT generate_series, and drops the database afterwards.

    python benchmarks/score_bench.py [--rows 1000000] [--admin-url postgresql://...]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import psycopg

from bench_databases import admin_url, scratch_database
from dragonfly.migrate import apply_migrations
from dragonfly.valuation import refresh_judgments
from dragonfly.valuation.refresh import compute_only

AS_OF = date(2026, 11, 23)

LOAD_DEBTORS = """
insert into debtors (name, kind, street, city, state, zip, raw_address)
select case g %% 5 when 0 then 'Acme ' || g || ' LLC' when 1 then null
                  when 2 then 'Costco Wholesale ' || g else 'Person ' || g end,
       case when g %% 11 = 0 then 'business' else 'unknown' end::party_kind,
       case when g %% 3 = 0 then g || ' Main St' end,
       case when g %% 4 = 0 then 'Brooklyn' end,
       case when g %% 2 = 0 then 'NY' end,
       case when g %% 3 = 0 then lpad((g %% 99999)::text, 5, '0') end,
       case when g %% 7 = 0 then g || ' Broadway, New York, NY 10001' end
from generate_series(1, %(debtors)s) g
"""
LOAD_ASSETS = """
insert into debtor_assets (debtor_id, kind, benefits_only, source, learned_on)
select d.id, (array['employer','bank','real_property','vehicle'])[1 + d.id %% 4]::asset_kind,
       d.id %% 9 = 0, 'bench', date '2025-01-01'
from debtors d where d.id %% 10 < 3
"""
LOAD_JUDGMENTS = """
insert into judgments (court_code, court_name, index_number, index_number_norm, entry_date,
                       principal, costs, interest_regime, status, debtor_id)
select 'NYC', 'Civil Court', 'B' || g, 'B' || g,
       date '2003-01-01' + (g::bigint * 7919 %% 8700)::int,
       ((g::bigint * 104729) %% 6000000) / 100.0,
       case when g %% 4 = 0 then 150.00 else 0 end,
       case when g %% 3 = 0 then 'consumer' else 'standard' end::interest_regime,
       case when g %% 50 = 0 then 'satisfied' else 'active' end::judgment_status,
       case when g %% 13 = 0 then null else 1 + g %% %(debtors)s end
from generate_series(1, %(rows)s) g
"""
LOAD_LEDGER = """
insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)
select j.id, 'payment', 100.00, j.entry_date + 200, 'bench'
from judgments j where j.id %% 100 = 0
"""


def _timed(label: str, action: object) -> float:
    started = time.perf_counter()
    action() if callable(action) else None
    elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed:8.2f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--admin-url", default=None, help="server URL allowed to create databases")
    args = parser.parse_args()
    with scratch_database(admin_url(args.admin_url)) as url:
        run(url, args.rows)


def run(url: str, rows: int) -> None:
    apply_migrations(url)
    params = {"rows": rows, "debtors": max(rows // 2, 1)}
    with psycopg.connect(url, autocommit=True) as conn:
        _timed(f"load {rows:,} judgments (+debtors, assets, ledger)", lambda: _load(conn, params))
        ledgered = conn.execute("select count(distinct judgment_id) from ledger_entries").fetchone()
        print(
            f"judgments with ledger entries (valued in Python): {ledgered[0] if ledgered else 0:,}"
        )
        _timed("first rescore (values were empty)", lambda: refresh_judgments(conn, as_of=AS_OF))
        conn.execute("vacuum analyze judgment_values")
        bare = _timed(
            "bare UPDATE judgment_values SET balance + 0.01",
            lambda: conn.execute("update judgment_values set balance = balance + 0.01"),
        )
        bare_judgments = _timed(
            "bare UPDATE judgments SET updated_at = updated_at",
            lambda: conn.execute("update judgments set updated_at = updated_at"),
        )
        conn.execute("vacuum analyze")
        scoring = _timed(
            "value all in SQL, store nothing (compute only)",
            lambda: compute_only(conn, as_of=AS_OF),
        )
        refresh = _timed(
            "refresh_judgments(conn) (balance + score, all)",
            lambda: refresh_judgments(conn, as_of=AS_OF),
        )
        again = _timed(
            "refresh_judgments(conn) again, same day",
            lambda: refresh_judgments(conn, as_of=AS_OF),
        )
        tiers = conn.execute(
            "select tier, count(*) from valued_judgments group by 1 order by 1"
        ).fetchall()
    print(f"tiers: {', '.join(f'{t}={n:,}' for t, n in tiers)}")
    print(f"ratio refresh / bare update of judgment_values: {refresh / bare:.2f}x")
    print(f"ratio refresh / bare update of judgments: {refresh / bare_judgments:.2f}x")
    print(f"ratio compute only / refresh: {scoring / refresh:.2f}x (again: {again / refresh:.2f}x)")
    verdict = "PASS" if refresh < 10 else "MISS"
    print(f"target < 10 s for {rows:,} judgments: {verdict} (refresh {refresh:.2f} s)")


def _load(conn: psycopg.Connection[tuple[object, ...]], params: dict[str, int]) -> None:
    for statement in (LOAD_DEBTORS, LOAD_ASSETS, LOAD_JUDGMENTS, LOAD_LEDGER):
        conn.execute(statement, params)
    conn.execute("vacuum analyze")


if __name__ == "__main__":
    main()
