"""Month-end for client money: split a month's payments, close the month (remit), make every
client's statement (CSV and PDF) and reconcile the escrow account.

Target (issue 17): under 60 s for 500 clients over 1,000,000 judgments and 100,000 payments on a
2-core machine. Creates a scratch database on the configured server, loads generated data with
INSERT ... SELECT generate_series (payments go straight into the ledger, so the month-end splits
them in bulk), and prints each step's time beside the same totals computed by one SQL query.

    python benchmarks/remittance_bench.py [--judgments 1000000] [--payments 100000]
        [--clients 500] [--processes 1] [--admin-url postgresql://...]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import psycopg

from bench_databases import admin_url, scratch_database
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import Settings
from dragonfly.domain.client_money import month_of
from dragonfly.migrate import apply_migrations
from dragonfly.papers.profile import firm_profile
from dragonfly.papers.statements import render_statement_pdfs
from dragonfly.services.money.backfill import split_unsplit_payments
from dragonfly.services.money.closing import close_period
from dragonfly.services.money.reconciliation import compare
from dragonfly.services.money.statements import period_statements, statement_csv

LOAD_CLIENTS = """
insert into plaintiffs (name, name_key)
select 'Client ' || g, 'client ' || g from generate_series(1, %(clients)s) g
"""
# Flat fees 20-45%; every third client has costs recovered first, every fourth is remitted gross.
LOAD_AGREEMENTS = """
insert into client_agreements (plaintiff_id, effective_on, fee_percent, cost_handling,
                               remittance, cadence, created_by)
select id, date '2000-01-01', 20 + (id %% 6) * 5,
       case when id %% 3 = 0 then 'recovered_first' else 'absorbed' end::cost_handling,
       case when id %% 4 = 0 then 'gross' else 'net' end::remittance_basis,
       'monthly', 'bench'
from plaintiffs
"""
LOAD_JUDGMENTS = """
insert into judgments (court_code, court_name, index_number, index_number_norm, entry_date,
                       principal, plaintiff_id)
select 'NYC', 'Civil Court', 'R' || g, 'R' || g,
       date '2012-01-01' + (g::bigint * 7919 %% 4700)::int,
       500 + ((g::bigint * 104729) %% 5000000) / 100.0,
       1 + g %% %(clients)s
from generate_series(1, %(judgments)s) g
"""
# Payments dated in the month being closed, spread over the judgments; a cost on every tenth.
LOAD_COSTS = """
insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)
select 1 + (g::bigint * 7919 %% %(judgments)s), 'cost', 45.00, %(month)s::date, 'bench'
from generate_series(1, %(payments)s / 10) g
"""
LOAD_PAYMENTS = """
insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)
select 1 + (g::bigint * 7919 %% %(judgments)s), 'payment',
       25 + (g::bigint * 31 %% 200000) / 100.0, %(month)s::date + (g %% 28), 'bench'
from generate_series(1, %(payments)s) g
"""

# The same month's totals in one query, from the ledger and the agreements alone: costs are
# recovered out of each judgment's running total of payments; the fee is rounded half-up.
ONE_QUERY = """
with pay as (
  select e.id, e.judgment_id, e.amount, j.plaintiff_id, a.fee_percent, a.cost_handling,
         a.remittance,
         coalesce(sum(e.amount) over (partition by e.judgment_id order by e.effective_on, e.id
           rows between unbounded preceding and 1 preceding), 0) as paid_before,
         (select coalesce(sum(c.amount), 0) from ledger_entries c
           where c.judgment_id = e.judgment_id and c.kind = 'cost') as costs
  from ledger_entries e
  join judgments j on j.id = e.judgment_id
  join client_agreements a on a.plaintiff_id = j.plaintiff_id
  where e.kind = 'payment' and e.effective_on >= %(month)s and e.effective_on < %(next)s
), parts as (
  select *, case when cost_handling = 'recovered_first'
                 then least(paid_before + amount, costs) - least(paid_before, costs)
                 else 0 end as cost_recovered
  from pay
), split as (
  select *, round((amount - cost_recovered) * fee_percent / 100, 2) as fee from parts
)
select count(*) as payments, sum(amount) as collected, sum(fee) as fees,
       sum(cost_recovered) as costs_recovered, sum(amount - cost_recovered - fee) as client_share,
       sum(case when remittance = 'gross' then amount - cost_recovered
                else amount - cost_recovered - fee end) as remitted
from split
"""


def _timed(label: str, action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:<58} {elapsed:8.2f} s")
    return elapsed, result


def _load(conn: psycopg.Connection, params: dict[str, Any]) -> None:
    for query in (LOAD_CLIENTS, LOAD_AGREEMENTS, LOAD_JUDGMENTS, LOAD_COSTS, LOAD_PAYMENTS):
        conn.execute(query, params)
    conn.execute("analyze")


def _statements(
    conn: psycopg.Connection, clients: int, month: Any, processes: int
) -> tuple[int, int]:
    """Every client's statement: read, CSV, and PDF compiled by `processes` processes."""
    settings, profile = Settings(), firm_profile(conn)
    started = time.perf_counter()
    statements = period_statements(conn, month)
    assert len(statements) == clients
    read = time.perf_counter()
    csv_bytes = sum(len(statement_csv(stmt)) for stmt in statements)
    written = time.perf_counter()
    pdf_bytes = sum(map(len, render_statement_pdfs(statements, profile, settings, processes)))
    print(
        f"    (read {read - started:.2f} s, csv {written - read:.2f} s, "
        f"pdf {time.perf_counter() - written:.2f} s with {processes} processes)"
    )
    return csv_bytes, pdf_bytes


def _close(conn: psycopg.Connection, month: Any) -> Any:
    return close_period(conn, month, "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=int, default=1_000_000)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--admin-url", default=None)
    parser.add_argument(
        "--processes", type=int, default=1, help="PDF compiler processes (default 1)"
    )
    args = parser.parse_args()
    month = month_of(month_of(today_in_new_york()) - timedelta(days=1))  # last month
    following = month_of(month + timedelta(days=32))
    params = {**vars(args), "month": month}
    with scratch_database(admin_url(args.admin_url), "remit") as url:
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as conn:
            _timed(
                f"load {args.clients} clients, {args.judgments:,} judgments, "
                f"{args.payments:,} payments",
                lambda: _load(conn, params),
            )
            print(f"month-end for {month:%Y-%m}:")
            steps = [
                _timed("  split every payment (bulk)", lambda: split_unsplit_payments(conn, "b")),
                _timed("  close the month (remit, fix statements)", lambda: _close(conn, month)),
                _timed(
                    f"  {args.clients} statements, CSV and PDF",
                    lambda: _statements(conn, args.clients, month, args.processes),
                ),
                _timed("  three-way reconciliation", lambda: compare(conn, Decimal(0), following)),
            ]
            total = sum(seconds for seconds, _ in steps)
            split_count = steps[0][1]
            closed, (csv_bytes, pdf_bytes), reconciled = steps[1][1], steps[2][1], steps[3][1]
            print(f"{'  month-end total':<58} {total:8.2f} s   (target < 60 s)")
            print(f"  split {split_count:,} payments; statements {csv_bytes / 1e6:.1f} MB CSV, "
                  f"{pdf_bytes / 1e6:.1f} MB PDF")  # fmt: skip
            with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
                seconds, one = _timed(
                    "one SQL query, same totals",
                    lambda: cur.execute(ONE_QUERY, {"month": month, "next": following}).fetchone(),
                )
            ours = {
                "collected": sum((s.payments for s in closed), Decimal(0)),
                "fees": sum((s.fees for s in closed), Decimal(0)),
                "costs_recovered": sum((s.costs_recovered for s in closed), Decimal(0)),
                "client_share": sum((s.client_share for s in closed), Decimal(0)),
                "remitted": sum((s.remitted for s in closed), Decimal(0)),
            }
            print(f"  {'total':<16} {'month-end':>18} {'one query':>18}")
            for key, value in ours.items():
                mark = "" if value == one[key] else "   DIFFERENT"
                print(f"  {key:<16} {value:>18,.2f} {one[key]:>18,.2f}{mark}")
            print(f"  month-end / one query: {total / seconds:.0f}x")
            print(
                f"  reconciliation: book {reconciled.book_balance:,.2f}, client ledgers "
                f"{reconciled.client_ledgers:,.2f}, "
                f"{len([c for c in reconciled.clients if c.difference])} client differences"
            )


if __name__ == "__main__":
    main()
