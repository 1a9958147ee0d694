"""Time from a database restart to a running `dragonfly worker` taking jobs again.

Starts a throwaway embedded PostgreSQL (its own home under /tmp, never a shared server) and one
worker, then restarts the database a few times: each time it stops it, waits, starts it, queues a
small import at once and times how long the worker takes to start it. Target: under 30 s.

    python benchmarks/worker_outage_bench.py [--restarts 3] [--down 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg_pool import ConnectionPool

from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.jobs.app import IMPORT_TASK, deferring_app
from dragonfly.jobs.uploads import attach_job, store_upload
from dragonfly.migrate import apply_migrations
from dragonfly.migrate.job_schema import ensure_job_schema

TARGET_SECONDS = 30.0
COMMAND = [sys.executable, "-m", "dragonfly"]


def dragonfly(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [*COMMAND, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def queue_import(url: str, folder: Path, seed: int) -> int:
    path = write_demo_file(folder / f"bench-{seed}.csv", 5, "simplicity", seed=seed)
    with psycopg.connect(url, autocommit=True) as conn:
        upload_id = store_upload(conn, path.name, "auto", path.read_bytes(), "benchmark")
    with ConnectionPool(url, min_size=1, max_size=1, open=True) as pool:
        job_id = deferring_app(pool).configure_task(IMPORT_TASK).defer(upload_id=upload_id)
    with psycopg.connect(url, autocommit=True) as conn:
        attach_job(conn, upload_id, job_id)
    return int(job_id)


def seconds_until_taken(url: str, job_id: int, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(
                "select status::text from procrastinate_jobs where id = %s", (job_id,)
            ).fetchone()
        if row and row[0] != "todo":
            return time.monotonic() - started
        time.sleep(0.1)
    return float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--down", type=float, default=5.0, help="seconds the database stays down")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="dragonfly-outage-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DRAGONFLY_"))}
    env["DRAGONFLY_HOME"] = str(home)
    worker: subprocess.Popen[bytes] | None = None
    try:
        url = json.loads(dragonfly(env, "db", "up", "--json"))["url"]
        apply_migrations(url)
        ensure_job_schema(url)
        with (home / "worker.log").open("wb") as log:
            worker = subprocess.Popen(
                [*COMMAND, "worker"], env={**env, "DATABASE_URL": url}, stdout=log, stderr=log
            )
        first = queue_import(url, home, seed=0)
        assert seconds_until_taken(url, first, 60) < 60, "the worker never started"
        times = []
        for attempt in range(1, args.restarts + 1):
            dragonfly(env, "db", "down")
            time.sleep(args.down)
            dragonfly(env, "db", "up")
            taken = seconds_until_taken(
                url, queue_import(url, home, seed=attempt), 2 * TARGET_SECONDS
            )
            times.append(taken)
            said = (
                f"{taken:.1f} s"
                if taken != float("inf")
                else f"not within {2 * TARGET_SECONDS:g} s"
            )
            print(f"restart {attempt}: the worker took a job {said} after the database came back")
        verdict = "met" if max(times) < TARGET_SECONDS else "MISSED"
        print(
            f"worst {max(times):.1f} s over {len(times)} restarts; "
            f"target < {TARGET_SECONDS:g} s {verdict}"
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        subprocess.run([*COMMAND, "db", "down"], env=env, capture_output=True, check=False)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
