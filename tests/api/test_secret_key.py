"""Serve processes started together on one home agree on one session-signing key."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dragonfly.api.security import _home_secret_key


def test_processes_starting_at_once_share_one_complete_key(tmp_path: Path) -> None:
    for round_ in range(20):
        home = tmp_path / f"home{round_}"
        start = threading.Barrier(8)

        def read_key(home: Path = home, start: threading.Barrier = start) -> str:
            start.wait()
            return _home_secret_key(home)

        with ThreadPoolExecutor(max_workers=8) as pool:
            keys = [future.result() for future in [pool.submit(read_key) for _ in range(8)]]
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        assert [p.name for p in home.iterdir()] == ["secret_key"]
        assert (home / "secret_key").stat().st_mode & 0o777 == 0o600
