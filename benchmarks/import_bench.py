"""Import benchmark: raw COPY, the floor and the full import of one court file, same server.

Printed in one run (issue 18, 2-core machine):
- raw COPY of the file into an unindexed table;
- the floor: COPY of the import's final rows into the same tables (secondary indexes and
  foreign keys dropped), then building the same indexes and adding the keys, in one transaction;
- the bare floor: the same rows COPYed into copies of debtors, judgment_values and judgments
  with no index, key or trigger at all, then every index built, primary keys too (upholds
  nothing while loading: the least any load of these rows could cost);
- the full import into an empty portfolio (auto: the bulk path), where its time goes (phases,
  then the slowest SQL statements), rows/s and the ratio to the floor (targets <= 1.5x the floor,
  >= 70,000 rows/s);
- a re-import of the same file (target < 1 s), peak memory of the import (target < 1.5 GB);
- 10,000 new rows into the portfolio just loaded (auto: the incremental path; target < 3 s with
  1,000,000 stored), and with --threshold the same rows forced onto each path, each into a copy
  of that portfolio, to place the threshold.

Creates scratch databases on the configured server (DATABASE_URL, or the embedded one) and drops
them.

    python benchmarks/import_bench.py [--rows 1000000] [--add 10000] [--threshold]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import re
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import sql

from bench_databases import admin_url, scratch_database, with_database
from dragonfly.ingest import ImportResult, LoadPath, batches, bulk, import_file, pipeline, store
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.migrate import apply_migrations

T = TypeVar("T")
RAW_TABLE = """
create table raw_court_file (
  index_number text, plaintiff text, defendant text, amount text, entered text, court text
)
"""
# The import's final rows, in foreign-key order.
FLOOR_TABLES = [
    "import_batches", "plaintiffs", "debtors", "judgment_values", "judgments",
    "judgment_debtors", "rejected_rows",
]  # fmt: skip
# (module, name, label) of each phase the full import is split into.
PHASES = [
    (pipeline, "read_table", "read + parse"),
    (pipeline, "validate", "validate"),
    (store, "stage", "COPY to staging"),
    (store, "find_new", "find the new rows, choose the path"),
    (bulk, "drop_indexes", "drop secondary indexes and keys (lock)"),
    (store, "apply_staged", "insert + update (SQL)"),
    (batches, "store_rejects", "store rejected rows"),
    (pipeline, "refresh_judgments", "rescore changed judgments"),
    (bulk, "build_indexes", "build indexes, add keys"),
]
SLOW_STATEMENT_S = 0.05


def _timed(label: str, action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:<52} {elapsed:9.2f} s", flush=True)
    return elapsed, result


@contextmanager
def _phase_clock(spent: dict[str, float], statements: list[tuple[float, str]]) -> Iterator[None]:
    """Time each phase of import_file, and every slow statement it runs."""
    originals = [(module, name, getattr(module, name)) for module, name, _ in PHASES]

    def clocked(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        return run

    execute = psycopg.Connection.execute

    def timed_execute(self: psycopg.Connection, query: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = execute(self, query, *args, **kwargs)
        elapsed = time.perf_counter() - started
        if elapsed > SLOW_STATEMENT_S:
            text = query.as_string(self) if isinstance(query, sql.Composable) else str(query)
            statements.append((elapsed, " ".join(text.split())[:90]))
        return result

    for (module, name, label), (_, _, original) in zip(PHASES, originals, strict=True):
        setattr(module, name, clocked(label, original))
    psycopg.Connection.execute = timed_execute  # type: ignore[method-assign]
    try:
        yield
    finally:
        psycopg.Connection.execute = execute  # type: ignore[method-assign]
        for module, name, original in originals:
            setattr(module, name, original)


def _raw_copy(url: str, path: Path) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(RAW_TABLE)
        with (
            conn.cursor() as cur,
            cur.copy("copy raw_court_file from stdin (format csv, header true)") as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)


COLUMNS = """
select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute
where attrelid = %s::regclass and attnum > 0 and not attisdropped and attgenerated = ''
"""


def _columns(conn: psycopg.Connection, table: str) -> sql.Composable:
    """The columns COPY may write (not the generated ones)."""
    row = conn.execute(COLUMNS, (table,)).fetchone()
    assert row is not None
    return sql.SQL(row[0])


def _dump_final_rows(url: str, folder: Path) -> None:
    """The imported rows of FLOOR_TABLES, each to a binary COPY file (not timed)."""
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        for table in FLOOR_TABLES:
            query = sql.SQL("copy (select {} from {}) to stdout (format binary)").format(
                _columns(conn, table), sql.Identifier(table)
            )
            with (folder / f"{table}.copy").open("wb") as out, cur.copy(query) as copy:
                for chunk in copy:
                    out.write(chunk)


def _load_dump(
    conn: psycopg.Connection, cur: psycopg.Cursor[Any], folder: Path, table: str, into: str
) -> float:
    """COPY `table`'s dumped rows (_dump_final_rows) into `into`; returns the seconds it took."""
    started = time.perf_counter()
    query = sql.SQL("copy {} ({}) from stdin (format binary)").format(
        sql.Identifier(into), _columns(conn, table)
    )
    with cur.copy(query) as copy, (folder / f"{table}.copy").open("rb") as source:
        while chunk := source.read(1 << 20):
            copy.write(chunk)
    return time.perf_counter() - started


def _floor(url: str, folder: Path, spent: dict[str, float]) -> None:
    """COPY the final rows into the same tables, their secondary indexes and foreign keys dropped
    (as the bulk path drops them), then build the same indexes and add the keys again: what
    PostgreSQL itself needs to end where the import ends. The COPYs pay what any load of these
    tables pays: primary keys, unique indexes, triggers."""
    with psycopg.connect(url) as conn, conn.transaction(), conn.cursor() as cur:
        cur.execute("set local maintenance_work_mem = '256MB'")
        cur.execute(bulk.DROP_INDEXES)
        for table in FLOOR_TABLES:
            spent[f"COPY {table}"] = _load_dump(conn, cur, folder, table, table)
        started = time.perf_counter()
        cur.execute(bulk.BUILD_INDEXES)
        spent["build indexes, add keys"] = time.perf_counter() - started


# The three large tables, for the bare floor.
BARE_TABLES = ["debtors", "judgment_values", "judgments"]
INDEX_DEFINITIONS = "select pg_get_indexdef(indexrelid) from pg_index where indrelid = %s::regclass"


def _bare_copy_of(definition: str, table: str) -> str:
    """An index definition of `table` rewritten for its copy bare_<table>."""
    return re.sub(
        r"INDEX (\S+) ON (ONLY )?public\.(\S+) ",
        lambda m: f"INDEX bare_{m.group(1)} ON public.bare_{table} ",
        definition,
        count=1,
    )


def _bare_floor(url: str, folder: Path, spent: dict[str, float]) -> None:
    """The same final rows COPYed into copies of the three large tables that have no index, key or
    trigger at all, then every index of the real tables built on them, primary keys and unique
    indexes too: what the rows cost with nothing upheld while they load. (It upholds nothing:
    no identity is checked until the end, and no other table's keys are.) Run in the floor's
    database after the floor; rolled back."""
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("set local maintenance_work_mem = '256MB'")
        for table in BARE_TABLES:
            cur.execute(
                sql.SQL("create table {} (like {} including generated)").format(
                    sql.Identifier(f"bare_{table}"), sql.Identifier(table)
                )
            )
            spent[f"COPY bare {table}"] = _load_dump(conn, cur, folder, table, f"bare_{table}")
        for table in BARE_TABLES:
            definitions = [row[0] for row in cur.execute(INDEX_DEFINITIONS, (table,)).fetchall()]
            started = time.perf_counter()
            for definition in definitions:
                cur.execute(_bare_copy_of(definition, table))
            spent[f"build its {len(definitions)} indexes on bare {table}"] = (
                time.perf_counter() - started
            )
        conn.rollback()


def _new_rows(source: Path, target: Path, rows: int, seed: int) -> Path:
    """`rows` court rows none of which the portfolio holds (their index numbers renamed)."""
    write_demo_file(target.with_suffix(".src"), rows, "court", seed=seed, defect_rate=0.01)
    with target.with_suffix(".src").open(newline="") as inp, target.open("w", newline="") as out:
        reader, writer = csv.reader(inp), csv.writer(out, lineterminator="\n")
        writer.writerow(next(reader))
        for row in reader:
            writer.writerow([f"ADD-{row[0]}", *row[1:]])
    return target


def _peak_memory_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return own / 1024  # Linux reports KiB


def _copy_of(admin: str, url: str, name: str) -> str:
    """A new database cloned from the one at `url` (nobody may be connected to it)."""
    source = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )
    return with_database(admin, name)


def _drop(admin: str, url: str) -> None:
    name = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def _print_breakdown(total: float, spent: dict[str, float], slow: list[tuple[float, str]]) -> None:
    print("  where the full import's time goes:")
    for _, _, label in PHASES:
        if label in spent:
            print(f"    {label:<48} {spent[label]:9.2f} s")
    print(f"    {'the rest (file hash, batch record, commit)':<48} "
          f"{total - sum(spent.values()):9.2f} s")  # fmt: skip
    print(f"  its SQL statements over {SLOW_STATEMENT_S} s, by statement (all chunks together):")
    by_text: dict[str, list[float]] = {}
    for elapsed, text in slow:
        by_text.setdefault(text, []).append(elapsed)
    for text, times in sorted(by_text.items(), key=lambda item: -sum(item[1]))[:8]:
        print(f"    {sum(times):7.2f} s  x{len(times):<3} {text[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--add", type=int, default=10_000, help="rows added to the portfolio")
    parser.add_argument("--threshold", action="store_true", help="also force each path")
    parser.add_argument("--admin-url", default=None, help="server URL allowed to create databases")
    args = parser.parse_args()
    admin = admin_url(args.admin_url)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "court_bench.csv"
        _timed(f"generate {args.rows:,} court rows (not counted)", lambda: write_demo_file(
            path, args.rows, "court", seed=11, defect_rate=0.01
        ))  # fmt: skip
        added = _new_rows(path, folder / "court_added.csv", args.add, seed=12)
        print(f"file size {path.stat().st_size / 1e6:,.1f} MB")
        with (
            scratch_database(admin, "import_bench") as bench_url,
            scratch_database(admin, "import_raw") as raw_url,
            scratch_database(admin, "import_floor") as floor_url,
        ):
            apply_migrations(bench_url)
            apply_migrations(floor_url)
            raw_s, _ = _timed("raw COPY of the file into an unindexed table", lambda: _raw_copy(
                raw_url, path
            ))  # fmt: skip
            spent: dict[str, float] = {}
            slow: list[tuple[float, str]] = []

            def full_import() -> ImportResult:
                with _phase_clock(spent, slow):
                    return import_file(bench_url, path, actor="bench")

            full_s, result = _timed("full import into an empty portfolio", full_import)
            peak_mb = _peak_memory_mb()
            _dump_final_rows(bench_url, folder)
            floor_spent: dict[str, float] = {}
            floor_s, _ = _timed("the floor: COPY the final rows, build indexes, keys", lambda: (
                _floor(floor_url, folder, floor_spent)
            ))  # fmt: skip
            bare_spent: dict[str, float] = {}
            bare_s, _ = _timed("the bare floor: load bare, then build every index", lambda: (
                _bare_floor(floor_url, folder, bare_spent)
            ))  # fmt: skip
            again_s, repeat = _timed("re-import of the same file", lambda: import_file(
                bench_url, path
            ))  # fmt: skip
            stored = result.inserted
            # The copies are made before the auto import changes the portfolio, and each is
            # dropped however its run ends.
            forced = [LoadPath.INCREMENTAL, LoadPath.BULK] if args.threshold else []
            with contextlib.ExitStack() as copies:
                copy_urls = []
                for load in forced:
                    copy_urls.append(_copy_of(admin, bench_url, f"import_bench_{load}"))
                    copies.callback(_drop, admin, copy_urls[-1])
                add_s, add = _timed(f"{args.add:,} new rows into {stored:,} judgments (auto)", (
                    lambda: import_file(bench_url, added, actor="bench")
                ))  # fmt: skip
                for load, copy_url in zip(forced, copy_urls, strict=True):
                    _timed(f"the same {args.add:,} rows on the {load} path", partial(
                        import_file, copy_url, added, actor="bench", load=load
                    ))  # fmt: skip
    print(result.message)
    print(add.message)
    print(f"re-import: {repeat.status} (batch {repeat.duplicate_of})")
    _print_breakdown(full_s, spent, slow)
    print("  where the floor's time goes:")
    for label, seconds in floor_spent.items():
        print(f"    {label:<48} {seconds:9.2f} s")
    print("  where the bare floor's time goes:")
    for label, seconds in bare_spent.items():
        print(f"    {label:<48} {seconds:9.2f} s")
    rate = result.rows_read / full_s
    print(f"rows/s, full import          {rate:12,.0f}   (target >= 70,000)")
    print(f"rows/s, raw COPY             {result.rows_read / raw_s:12,.0f}")
    print(f"floor / raw COPY             {floor_s / raw_s:12.1f}x")
    print(f"full import / floor          {full_s / floor_s:12.2f}x  (target <= 1.5x)")
    print(f"rows/s, floor                {result.rows_read / floor_s:12,.0f}")
    print(f"rows/s, bare floor           {result.rows_read / bare_s:12,.0f}")
    print(f"full import / bare floor     {full_s / bare_s:12.2f}x")
    print(f"re-import                    {again_s:12.2f} s (target < 1 s)")
    print(f"{args.add:,} rows into {stored:,}    {add_s:12.2f} s (target < 3 s at 1,000,000)")
    print(f"peak memory of the import    {peak_mb:12,.0f} MB (target < 1,536 MB)")


if __name__ == "__main__":
    main()
