"""Portfolio name search over a 200,000-judgment portfolio: time per search, and the plan.

Loads the generated portfolio of api_bench.py into a fresh database (or reuses one given with
--url), gives a few hundred debtors and plaintiffs real-world spellings (O'Brien, Peña,
"JACKSON, TYRONE"), then times `list_judgments` (the page and its total, as the API runs them)
for each search below, straight through psycopg, and prints how many judgments each finds and
whether the name lookup is served by an index. Target: no slower than the old case-only search
for the same number of matches; the debtor lookup a trigram index scan.

    python benchmarks/name_search_bench.py [--rows 200000] [--url URL] [--repeats 40]
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg

from api_bench import load
from bench_databases import admin_url, fresh_database
from dragonfly.migrate import apply_migrations
from dragonfly.services.judgments.portfolio import JudgmentFilters, list_judgments

SEARCHES = [
    "OBrien",
    "O'Brien",
    "Pena",
    "Peña",
    "Jackson, Tyrone",
    "Tyrone Jackson",
    "Debtor 12345",
    "Plaintiff 77",
    "no such name",
    "a",
]

# Every 997th debtor and 97th plaintiff gets one of these names, in rotation.
RENAME_SQL = [
    """update debtors set name = (array['Tyrone Jackson', 'JACKSON, TYRONE', 'Seán O''Brien',
            'O BRIEN, SEAN', 'María Peña', 'PENA, MARIA'])[1 + mod(id / 997, 6)]
       where mod(id, 997) = 0""",
    """update plaintiffs set name = (array['O''Brien Funding LLC', 'Peña Capital LLC',
            'Jackson & Tyrone Recovery'])[1 + mod(id / 97, 3)] || ' ' || id
       where mod(id, 97) = 0""",
    "analyze debtors, plaintiffs",
]


def time_search(url: str, q: str, repeats: int) -> tuple[float, float, int, bool]:
    timings = []
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(repeats):
            started = time.perf_counter()
            _, total, estimated = list_judgments(conn, JudgmentFilters(q=q), "-balance", 1, 50)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    return statistics.median(timings), p95, total, estimated


def debtor_lookup_plan(url: str) -> str:
    """The plan of the debtor-name part of a search: an index scan or a walk of every debtor."""
    with psycopg.connect(url, autocommit=True) as conn:
        columns = {
            r[0]
            for r in conn.execute(
                "select column_name from information_schema.columns where table_name = 'debtors'"
            )
        }
        query = (
            "explain select id from debtors where search_name like '%obrien%'"
            if "search_name" in columns
            else "explain select id from debtors where name ilike '%obrien%'"
        )
        return "\n".join(f"    {r[0]}" for r in conn.execute(query))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--url", help="an already loaded benchmark database to reuse")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    url = args.url
    if url is None:
        url = fresh_database(admin_url(None), "names")
        apply_migrations(url)
        print(f"loading {args.rows:,} judgments into {url.rsplit('/', 1)[-1]}", flush=True)
        load(url, args.rows)
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in RENAME_SQL:
                conn.execute(statement.encode())
    print("debtor name lookup plan:")
    print(debtor_lookup_plan(url))
    print(f"{'search':<18} {'p50 ms':>8} {'p95 ms':>8} {'found':>8}")
    for q in SEARCHES:
        p50, p95, total, estimated = time_search(url, q, args.repeats)
        found = f"~{total}" if estimated else str(total)
        print(f"{q!r:<18} {p50:>8.1f} {p95:>8.1f} {found:>8}", flush=True)
    print(f"database kept for reuse: --url {url}")


if __name__ == "__main__":
    main()
