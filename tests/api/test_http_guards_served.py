"""Body limits and trusted proxies on a real `dragonfly serve` on 127.0.0.1."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from core.dragonfly_subprocess import COMMAND, free_port, wait_until_healthy

Serve = Callable[..., AbstractContextManager[str]]


@pytest.fixture
def serve(db_url: str, tmp_path: Path) -> Serve:
    @contextmanager
    def running(**settings: str) -> Iterator[str]:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DRAGONFLY_HOME": str(tmp_path / "home"),
            "DRAGONFLY_ENV": "development",
            **settings,
        }
        env.pop("FORWARDED_ALLOW_IPS", None)
        log = tmp_path / f"serve-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*COMMAND, "serve", "--port", str(port)], env=env, stdout=out, stderr=out
            )
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", process, log, timeout=40)
            yield f"127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)

    return running


def post_raw(address: str, head: str, body_parts: Iterator[bytes]) -> str:
    """Send a request by hand, a piece at a time, and return the status line and body."""
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        try:
            for part in body_parts:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop sending, as a browser would
                sock.sendall(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the whole body went out
        answer = b""
        with suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
    return answer.decode("latin-1")


def chunked(total: int, size: int = 256_000) -> Iterator[bytes]:
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b"x" * size + b"\r\n"


def sized(total: int, size: int = 256_000) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b"x" * size


@pytest.mark.slow
def test_oversized_bodies_are_refused_while_they_arrive(
    serve: Serve,
) -> None:
    with serve(DRAGONFLY_REQUEST_MAX_BYTES="100000") as address:
        login = (
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: {a}\r\nContent-Type: application/json\r\n"
        )
        # 200 MB announced: refused before any of it is read
        declared = post_raw(
            address,
            login.format(a=address) + "Content-Length: 200000000\r\n\r\n",
            sized(2_000_000),
        )
        assert declared.startswith("HTTP/1.1 413"), declared[:200]
        body = json.loads(declared.split("\r\n\r\n", 1)[1])
        assert body["error"]["code"] == "request_entity_too_large"
        assert "100,000-byte limit" in body["error"]["message"]
        # the same streamed without a length: refused once the limit is passed
        streamed = post_raw(
            address,
            login.format(a=address) + "Transfer-Encoding: chunked\r\n\r\n",
            chunked(200_000_000),
        )
        assert streamed.startswith("HTTP/1.1 413"), streamed[:200]
        assert json.loads(streamed.split("\r\n\r\n", 1)[1])["error"]["code"] == (
            "request_entity_too_large"
        )
        # a small body still signs in (or fails as a wrong password would)
        wrong = httpx.post(
            f"http://{address}/api/v1/auth/login",
            json={"email": "nobody@example.com", "password": "x"},
        )
        assert wrong.status_code == 401


def failed_sign_ins(address: str, attempts: int) -> list[int]:
    statuses = []
    with httpx.Client(base_url=f"http://{address}", timeout=30) as client:
        for number in range(attempts):
            answer = client.post(
                "/api/v1/auth/login",
                json={"email": f"guess{number}@example.com", "password": "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.{number + 1}"},
            )
            statuses.append(answer.status_code)
    return statuses


@pytest.mark.slow
def test_forwarded_for_is_believed_only_from_trusted_proxies(
    serve: Serve,
) -> None:
    # By default no proxy is trusted: a client cannot dodge the per-client throttle (20
    # failures) by sending a new X-Forwarded-For each time.
    with serve() as address:
        assert failed_sign_ins(address, 21)[-1] == 429
    with serve(DRAGONFLY_TRUSTED_PROXIES="127.0.0.1") as address:
        assert set(failed_sign_ins(address, 21)) == {401}
