"""Papers: time to compile one paper alone, and papers made end to end (query, PDF, record).

Not the issue's 1,000-packet bulk target yet (bulk production and the bank packet are still to
come); this measures the engine those will run on.

    python benchmarks/papers_bench.py [--papers 200] [--admin-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import psycopg

from bench_databases import admin_url, scratch_database
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.migrate import apply_migrations
from dragonfly.papers import make_paper, save_firm_profile
from dragonfly.papers.make import PAPERS
from dragonfly.papers.render import compile_paper

PROFILE = {
    "firm_name": "Bench & Co LLP",
    "attorney_name": "A. Bench, Esq.",
    "street": "1 Bench Plaza",
    "city": "New York",
    "state": "NY",
    "zip": "10001",
    "phone": "212-555-0100",
}


def seed(conn: psycopg.Connection, count: int) -> list[int]:
    plaintiff = conn.execute(
        "insert into plaintiffs (name, name_key) values ('Bench Funding', 'bench funding')"
        " returning id"
    ).fetchone()[0]  # type: ignore[index]
    ids = []
    for n in range(count):
        debtor = conn.execute(
            "insert into debtors (name, name_key, kind, street, city, state, zip) values"
            " (%s, %s, 'individual', '12 Elm St', 'Albany', 'NY', '12207') returning id",
            (f"Debtor {n}", f"debtor {n}"),
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "insert into debtor_assets (debtor_id, kind, name, address, source, learned_on)"
            " values (%s, 'employer', 'Payroll Co', '9 Mill Rd, Troy, NY 12180', 'other',"
            " '2026-01-05')",
            (debtor,),
        )
        ids.append(
            conn.execute(
                "insert into judgments (court_code, court_name, county_code, index_number,"
                " index_number_norm, entry_date, principal, plaintiff_id, debtor_id,"
                " interest_regime) values ('SUP-ALBANY', 'Supreme Court, Albany County',"
                " 'ALBANY', %s, %s, %s, 5000, %s, %s, 'consumer') returning id",
                (f"B-{n}/24", f"B-{n}/24", date(2024, 3, 1), plaintiff, debtor),
            ).fetchone()[0]  # type: ignore[index]
        )
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--admin-url", default=None)
    args = parser.parse_args()
    with scratch_database(admin_url(args.admin_url), "papers") as url:
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as conn:
            save_firm_profile(conn, PROFILE, actor="bench")
            ids = seed(conn, args.papers)
            first = make_paper(conn, PaperKind.INCOME_EXECUTION, ids[0], actor="bench")
            template = PAPERS[PaperKind.INCOME_EXECUTION][0]
            alone = []
            for _ in range(30):
                start = time.perf_counter()
                compile_paper(template, first.facts)
                alone.append(time.perf_counter() - start)
            per_paper = statistics.median(alone)
            print(
                f"compile one paper alone ({first.pages} pages): {per_paper * 1000:.1f} ms median,"
                f" {per_paper * 1000 / first.pages:.1f} ms a page"
            )
            start = time.perf_counter()
            pages = 0
            for judgment_id in ids[1:]:
                pages += make_paper(
                    conn, PaperKind.INCOME_EXECUTION, judgment_id, actor="bench"
                ).pages
            took = time.perf_counter() - start
            made = len(ids) - 1
            print(
                f"end to end: {made} papers, {pages} pages in {took:.2f} s ="
                f" {made / took:.1f} papers/s, {pages / took:.1f} pages/s"
                f" (compile alone would be {pages / first.pages / (1 / per_paper):.2f} s)"
            )


if __name__ == "__main__":
    main()
