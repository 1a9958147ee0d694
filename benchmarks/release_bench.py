"""Release pipeline overhead: a release with 50 pending migrations, minus the test command's
time and minus the time the same 50 files take when applied directly.

Target: overhead < 2 s. Everything is local: two fresh databases on the embedded server under
.dragonfly/bench, an instant test command, deploy hooks and /version stand-ins that answer at once.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench_databases import drop_database, fresh_database, with_database
from dragonfly.core.embedded import start_embedded
from dragonfly.migrate import apply_migrations, default_migrations_dir
from dragonfly.release.config import ReleaseConfig
from dragonfly.release.pipeline import run_release
from dragonfly.release.stand_in import StandInServer, StandInState

PENDING = 50
BUDGET_SECONDS = 2.0
HOME = Path(__file__).resolve().parents[1] / ".dragonfly" / "bench"
COMMIT = "b" * 40


def write_pending(folder: Path) -> list[Path]:
    paths = []
    for i in range(PENDING):
        path = folder / f"299912310{i:05d}_bench_{i}.sql"
        path.write_text(
            f"create table release_bench_{i} (id bigint primary key, label text not null);\n"
            f"create index release_bench_{i}_label on release_bench_{i} (label);\n"
            f"insert into release_bench_{i} values (1, 'one'), (2, 'two');\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def apply_directly(url: str, files: list[Path]) -> float:
    """The same SQL, one transaction per file, no engine and no pipeline."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        for path in files:
            with conn.transaction():
                conn.execute(path.read_text(encoding="utf-8").encode())
    return time.perf_counter() - started


def bench_config(base_url: str, migrations: Path) -> ReleaseConfig:
    verify = {"interval_seconds": 0.05, "timeout_seconds": 10}
    targets = [
        {
            "name": n,
            "kind": "webhook",
            "url_env": f"BENCH_{n.upper()}_HOOK",
            "verify": {"url": f"{base_url}/version/{n}", **verify},
        }
        for n in ("backend", "dashboard")
    ]
    return ReleaseConfig.model_validate(
        {
            "tests": {"command": f'"{sys.executable}" -c "pass"'},
            "migrations": {"directory": migrations},
            "deploy": targets,
            "notify": [{"kind": "discord", "url_env": "BENCH_DISCORD"}],
        }
    )


def main() -> None:
    admin_url = with_database(start_embedded(HOME), "postgres")
    work = Path(tempfile.mkdtemp(prefix="release-bench-"))
    migrations = work / "migrations"
    shutil.copytree(default_migrations_dir(), migrations)
    pending = write_pending(migrations)
    urls = [fresh_database(admin_url, "relbench") for _ in range(3)]
    dev_url, prod_url, direct_url = urls
    for url in urls:
        apply_migrations(url)  # the shipped schema: only the 50 bench files are pending
    state = StandInState(commit=COMMIT, broken=set(), deploy_delay=0.0)
    server = StandInServer(state, max_seconds=300).start()
    try:
        environ = {
            "PATH": "/usr/bin:/bin",
            "GITHUB_SHA": COMMIT,
            "GITHUB_ACTOR": "bench",
            "GITHUB_REF_NAME": "main",
            "SUPABASE_DB_URL_DEV": dev_url,
            "SUPABASE_DB_URL_PROD": prod_url,
            "BENCH_BACKEND_HOOK": f"{server.base_url}/hooks/backend",
            "BENCH_DASHBOARD_HOOK": f"{server.base_url}/hooks/dashboard",
            "BENCH_DISCORD": f"{server.base_url}/discord",
        }
        started = time.perf_counter()
        report = run_release(bench_config(server.base_url, migrations), environ, home=work)
        total = time.perf_counter() - started
        direct = apply_directly(direct_url, pending)
    finally:
        server.stop()
        for url in urls:
            drop_database(admin_url, url)
        shutil.rmtree(work, ignore_errors=True)
    steps = {s.key: (s.duration_ms or 0) / 1000 for s in report.run.steps}
    overhead = total - steps["tests"] - direct
    print(f"release outcome: {report.run.outcome.value} (exit {report.exit_code})")
    print(f"release with {PENDING} pending migrations, end to end: {total:.3f} s")
    print(f"  test command step: {steps['tests']:.3f} s (excluded)")
    for step in report.run.steps:
        if step.key != "tests":
            print(f"  {step.name} step: {steps[step.key]:.3f} s")
    print(f"same {PENDING} files applied directly (one transaction each): {direct:.3f} s")
    print(
        f"pipeline overhead (total - test command - direct SQL): {overhead:.3f} s; "
        f"budget {BUDGET_SECONDS:.1f} s; ratio {overhead / BUDGET_SECONDS:.2f} of budget"
    )


if __name__ == "__main__":
    main()
