"""Log lines carry the request id and never a secret."""

from __future__ import annotations

import io
import logging

from fastapi.testclient import TestClient

from dragonfly.core.config import Settings


def dragonfly_stream() -> io.StringIO:
    handler = next(
        h for h in logging.getLogger("dragonfly").handlers if getattr(h, "_dragonfly", False)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    handler.setStream(stream)
    return stream


def test_access_lines_carry_the_request_id_and_secrets_are_masked(
    client: TestClient, api_settings: Settings
) -> None:
    stream = dragonfly_stream()
    client.get("/health", headers={"X-Request-ID": "trace-42"})
    secret_url = "postgresql://app:hunter2-very-secret@db.example.com/prod"
    logging.getLogger("dragonfly.api").warning("could not reach %s", secret_url)
    text = stream.getvalue()
    assert "[trace-42]" in text and "GET /health 200" in text
    assert "hunter2-very-secret" not in text and "app:***@db.example.com" in text
