"""Papers in bulk (issue 15): N bank packets end to end, from the query that picks the judgments
to the merged PDF stored for download, beside the time to compile one page alone.

Target on the 2-core machine: 1,000 packets (about 5 pages each) in under 60 s, peak memory under
1 GB. The run is the paper-run code the background job calls (`make_run_papers`), in this process.

    python benchmarks/papers_bench.py [--packets 1000] [--kind KIND] [--admin-url URL]

`--kind` defaults to the CPLR 5222-a bank packet when this build has it; otherwise the paper with
the most pages is used instead, and the output says so. A paper refused because a prescribed
passage is not installed (statutory text is transcribed from the official text, never shipped
from memory) is benchmarked with stand-in passages of about a page each, and the output says so.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

import psycopg

from bench_databases import admin_url, scratch_database
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import Conflict
from dragonfly.migrate import apply_migrations
from dragonfly.papers import PaperDocument, make_paper, save_firm_profile
from dragonfly.papers.facts import PaperRefused
from dragonfly.papers.make import PAPERS
from dragonfly.papers.render import compile_paper, shipped_templates
from dragonfly.papers.runs import make_run_papers, start_run
from dragonfly.valuation import refresh_judgments

BANK_PACKET = "restraining_notice_bank_packet"
PROFILE = {
    "firm_name": "Bench & Co LLP",
    "attorney_name": "A. Bench, Esq.",
    "street": "1 Bench Plaza",
    "city": "New York",
    "state": "NY",
    "zip": "10001",
    "phone": "212-555-0100",
}

SEED_SQL = """
with plaintiff as (
  insert into plaintiffs (name, name_key) values ('Bench Funding', 'bench funding') returning id
), people as (
  insert into debtors (name, name_key, kind, street, city, state, zip)
  select 'Debtor ' || n, 'debtor ' || n, 'individual', n || ' Elm St', 'Albany', 'NY', '12207'
  from generate_series(1, %(count)s) n
  returning id, name
), facts as (
  insert into debtor_assets (debtor_id, kind, name, address, source, learned_on)
  select id, kind::asset_kind, who, place, 'other', '2026-01-05'
  from people, (values
    ('employer', 'Payroll Co', '9 Mill Rd, Troy, NY 12180'),
    ('bank', 'Hudson Savings Bank', '200 State St, Albany, NY 12207')) f(kind, who, place)
  returning debtor_id
)
insert into judgments (court_code, court_name, county_code, index_number, index_number_norm,
                       entry_date, principal, plaintiff_id, debtor_id, interest_regime)
select 'SUP-ALBANY', 'Supreme Court, Albany County', 'ALBANY', 'B-' || p.id || '/24',
       'B-' || p.id || '/24', date '2024-03-01', 5000, (select id from plaintiff), p.id, 'consumer'
from people p
"""

# The bench's selection: judgments whose debtor has a known bank, as the Portfolio would pick.
PICK_SQL = """
select j.id from judgments j
where j.status = 'active' and exists (
  select 1 from debtor_assets a where a.debtor_id = j.debtor_id and a.kind = 'bank')
order by j.id limit %s
"""


def seed(conn: psycopg.Connection, count: int) -> None:
    conn.execute(SEED_SQL, {"count": count})
    refresh_judgments(conn)


def choose_kind(conn: psycopg.Connection, asked: str | None, spare: list[int]) -> PaperKind:
    """The kind asked for; else the bank packet; else the paper with the most pages."""
    kinds = {k.value: k for k in PaperKind}
    if asked:
        return kinds[asked]
    if BANK_PACKET in kinds:
        return kinds[BANK_PACKET]
    made: list[PaperDocument] = []
    for kind, judgment_id in zip(PaperKind, spare, strict=False):
        try:
            made.append(make_paper(conn, kind, judgment_id, actor="bench"))
        except Conflict:
            continue
    largest = max(made, key=lambda d: d.pages)
    print(
        f"NOTE: this build has no {BANK_PACKET} paper; using the largest paper it makes instead:"
        f" {largest.kind.value} ({largest.pages} pages)"
    )
    return largest.kind


STAND_IN = """// A stand-in for the benchmark only: never served. About a page of filler text.
#let {name}(..args) = block[Stand-in for a prescribed passage. #lorem(380)]
#{name}()
"""


def absent_imports() -> list[str]:
    """Files the shipped templates import or include that are not shipped (passages a firm
    installs)."""
    root = shipped_templates()
    named = {
        found
        for path in root.rglob("*.typ")
        for found in re.findall(r'#(?:import|include)\s+"([^"]+\.typ)"', path.read_text())
    }
    return sorted(name for name in named if not (root / name).exists())


def sample_paper(
    conn: psycopg.Connection,
    kind: PaperKind,
    judgment_id: int,
    folder: Path,
    templates: Path | None,
) -> tuple[PaperDocument, Path | None]:
    """One paper of the kind; with stand-in passages in `folder` if the build lacks them."""
    missing = [] if templates else absent_imports()
    if not missing:
        return _made(conn, kind, judgment_id, templates), templates
    for name in missing:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(STAND_IN.format(name=Path(name).stem))
    print(f"NOTE: stand-in passages (about a page each) for files not installed: {missing}")
    return _made(conn, kind, judgment_id, folder), folder


def _made(
    conn: psycopg.Connection, kind: PaperKind, judgment_id: int, templates: Path | None
) -> PaperDocument:
    try:
        return make_paper(conn, kind, judgment_id, actor="bench", templates=templates)
    except PaperRefused as refused:
        raise SystemExit(
            f"{kind.value} is refused in this build, so there is nothing to measure: "
            f"{refused.message}\nInstall what it names in a folder and pass --templates DIR."
        ) from None


def compile_alone(document: PaperDocument, templates: Path | None) -> float:
    """Median seconds to compile this paper's template again (no database). Each compile gets
    another index number: Typst remembers a compile of the very same input, which would flatter."""
    template = PAPERS[document.kind][0]
    times = []
    for n in range(30):
        facts = document.facts | {"index_number": f"ALONE-{n}/24"}
        start = time.perf_counter()
        compile_paper(template, facts, override=templates)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=1000)
    parser.add_argument("--kind", choices=[k.value for k in PaperKind], default=None)
    parser.add_argument(
        "--processes", type=int, default=None, help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--templates", type=Path, default=None, help="a firm's templates folder (passages)"
    )
    parser.add_argument("--admin-url", default=None)
    args = parser.parse_args()
    spare = len(PaperKind) + 1
    load_before = os.getloadavg()[0]
    with (
        scratch_database(admin_url(args.admin_url), "papers") as url,
        tempfile.TemporaryDirectory(prefix="papers-bench-") as scratch,
    ):
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as conn:
            save_firm_profile(conn, PROFILE, actor="bench")
            seed(conn, args.packets + spare)
            ids = [r[0] for r in conn.execute("select id from judgments order by id desc")]
            kind = choose_kind(conn, args.kind, ids[:spare])
            sample, templates = sample_paper(
                conn, kind, ids[spare - 1], Path(scratch), args.templates
            )
            per_paper = compile_alone(sample, templates)
            per_page = per_paper / sample.pages
            print(
                f"compile one {kind.value} alone ({sample.pages} pages): "
                f"{per_paper * 1000:.1f} ms median, {per_page * 1000:.2f} ms a page"
            )

            last_paper = 0.0
            cpu_before = cpu_seconds()
            start = time.perf_counter()
            picked = [r[0] for r in conn.execute(PICK_SQL, (args.packets,))]
            run_id = start_run(conn, kind, picked, actor="bench")

            def tick(done: int, total: int) -> None:
                nonlocal last_paper
                last_paper = time.perf_counter()

            run = make_run_papers(
                conn, run_id, templates=templates, processes=args.processes, progress=tick
            )
            took = time.perf_counter() - start
            cpu = cpu_seconds() - cpu_before
    merge = took - (last_paper - start)
    pages = run.pages
    print(
        f"end to end: {run.made} papers made ({run.refused} refused), {pages} pages,"
        f" merged PDF {run.merged_pages} pages / {(run.merged_bytes or 0) / 1e6:.1f} MB"
    )
    print(
        f"  {took:.1f} s in all (target < 60 s): {pages / took:.0f} pages/s,"
        f" {run.made / took:.1f} papers/s; of which merging {merge:.1f} s"
    )
    print(
        f"  compile alone: {per_page * 1000:.2f} ms a page = {1 / per_page:.0f} pages/s;"
        f" end to end is {per_page * pages / took * 100:.0f}% compile"
        f" ({pages * per_page:.1f} s of the {took:.1f} s)"
    )
    print(
        f"  CPU used by this process and its workers: {cpu:.1f} s over {took:.1f} s"
        f" ({os.cpu_count()} cores, load average before: {load_before:.1f})"
    )
    print(
        f"peak memory (this process + children, RSS): {peak_rss_mb():.0f} MB (target < 1024 MB;"
        " the database server is a separate process, not counted)"
    )


if __name__ == "__main__":
    main()
