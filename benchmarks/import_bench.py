"""Import benchmark: a full court-format import vs a raw COPY of the same file, same server.

Targets (issue 4, 2-core machine): full import (parse, validate, upsert, score) <= 3x the raw
COPY and >= 70,000 rows/s; re-import of the same file < 1 s; peak memory < 2 GB. Creates
scratch databases on the configured server (DATABASE_URL, or the embedded one) and drops them.

    python benchmarks/import_bench.py [--rows 1000000] [--admin-url postgresql://...]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psycopg

from bench_databases import admin_url, scratch_database
from dragonfly.ingest import ImportResult, import_file
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.migrate import apply_migrations

T = TypeVar("T")
RAW_TABLE = """
create table raw_court_file (
  index_number text, plaintiff text, defendant text, amount text, entered text, court text
)
"""


def _timed(label: str, action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:9.2f} s", flush=True)
    return elapsed, result


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


def _peak_memory_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--admin-url", default=None, help="server URL allowed to create databases")
    args = parser.parse_args()
    admin = admin_url(args.admin_url)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "court_bench.csv"
        _timed(f"generate {args.rows:,} court rows (not counted)", lambda: write_demo_file(
            path, args.rows, "court", seed=11, defect_rate=0.01
        ))  # fmt: skip
        print(f"file size {path.stat().st_size / 1e6:,.1f} MB")
        with (
            scratch_database(admin, "import_bench") as bench_url,
            scratch_database(admin, "import_raw") as raw_url,
        ):
            apply_migrations(bench_url)
            raw_s, _ = _timed("raw COPY into an unindexed table", lambda: _raw_copy(raw_url, path))
            marks: list[float] = []

            def full_import() -> ImportResult:
                marks.append(time.perf_counter())
                return import_file(
                    bench_url, path, actor="bench",
                    progress=lambda done, total: marks.append(time.perf_counter()),
                )  # fmt: skip

            full_s, result = _timed("full import (parse, validate, upsert, score)", full_import)
            again_s, repeat = _timed(
                "re-import of the same file", lambda: import_file(bench_url, path)
            )
    print(result.message)
    # progress marks: start, parsed, validated, staged, applied, scored and committed
    phases = ("read + parse", "validate", "COPY to staging", "upsert (SQL)",
              "rejects + scoring + commit")  # fmt: skip
    for name, start, end in zip(phases, marks, marks[1:], strict=False):
        print(f"  {name:<40} {end - start:9.2f} s")
    print(f"re-import: {repeat.status} (batch {repeat.duplicate_of})")
    print(f"rows/s, full import        {result.rows_read / full_s:12,.0f}   (target >= 70,000)")
    print(f"rows/s, raw COPY           {result.rows_read / raw_s:12,.0f}")
    print(f"full import / raw COPY     {full_s / raw_s:12.1f}x  (target <= 3x)")
    print(f"re-import                  {again_s:12.2f} s (target < 1 s)")
    print(f"peak memory (self+children){_peak_memory_mb():12,.0f} MB (target < 2,048 MB)")


if __name__ == "__main__":
    main()
