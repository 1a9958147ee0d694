"""Processes starting together install procrastinate's schema once, and none of them fails."""

from __future__ import annotations

import threading

from dragonfly.migrate.job_schema import ensure_job_schema


def test_starts_at_the_same_moment_install_the_schema_exactly_once(empty_db_url: str) -> None:
    starts = 6
    gate = threading.Barrier(starts)
    applied: list[bool] = []
    failures: list[BaseException] = []

    def start() -> None:
        gate.wait()
        try:
            applied.append(ensure_job_schema(empty_db_url))
        except BaseException as exc:  # collected: an exception in a thread would be lost
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(starts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(applied) == [False] * (starts - 1) + [True]
