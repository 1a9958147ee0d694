"""Log lines carry the request id and never a secret."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def dragonfly_stream(client: TestClient) -> Iterator[io.StringIO]:
    """What Dragonfly's own log handler writes, captured for one test."""
    handler = next(
        h for h in logging.getLogger("dragonfly").handlers if getattr(h, "_dragonfly", False)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_access_lines_carry_the_request_id_and_secrets_are_masked(
    client: TestClient, dragonfly_stream: io.StringIO
) -> None:
    client.get("/health", headers={"X-Request-ID": "trace-42"})
    secret_url = "postgresql://app:hunter2-very-secret@db.example.com/prod"
    logging.getLogger("dragonfly.api").warning("could not reach %s", secret_url)
    text = dragonfly_stream.getvalue()
    assert "[trace-42]" in text and "GET /health 200" in text
    assert "hunter2-very-secret" not in text and "app:***@db.example.com" in text
