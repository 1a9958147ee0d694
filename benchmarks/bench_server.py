"""`dragonfly serve` on 127.0.0.1 for the benchmarks that drive it over HTTP."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, home: Path, *options: str) -> Iterator[str]:
    """Serve `url` with these extra `serve` options; yields the base URL once /readyz is 200 and
    stops the server after the block. Its output goes to `home`/serve.log."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DRAGONFLY_HOME": str(home),
        "DRAGONFLY_ENV": "development",
        "DRAGONFLY_SECRET_KEY": secrets.token_hex(32),
    }
    log = home / "serve.log"
    command = [sys.executable, "-m", "dragonfly", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port), *options], env=env, stdout=out, stderr=out
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_ready(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"dragonfly serve did not become ready within 60 s; see {log}")
