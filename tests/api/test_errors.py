"""One error shape for every failure, request ids on every answer, no stack traces."""

from __future__ import annotations

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.support import error_of
from dragonfly.api import create_app
from dragonfly.core.config import Settings


def test_unknown_api_path_is_a_json_404(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.get("/api/v1/nothing-here", headers=tokens["viewer"])
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_a_json_405(client: TestClient) -> None:
    response = client.delete("/health")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_validation_errors_name_the_field(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.get(
        "/api/v1/judgments?page_size=100000&sort=sideways", headers=tokens["viewer"]
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    fields = {e["field"] for e in error["details"]["errors"]}
    assert {"query.page_size", "query.sort"} <= fields


def test_malformed_json_is_a_422_not_a_500(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.post(
        "/api/v1/balance",
        content=b"{not json",
        headers={**tokens["viewer"], "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


def test_missing_record_is_a_404_in_the_shape(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    for path in (
        "/api/v1/judgments/999",
        "/api/v1/plaintiffs/999",
        "/api/v1/releases/999",
        "/api/v1/imports/jobs/999",
        "/api/v1/imports/999/rejects",
    ):
        response = client.get(path, headers=tokens["viewer"])
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"


def test_an_unexpected_error_is_a_500_without_traceback(api_settings: Settings) -> None:
    app = create_app(api_settings)

    def boom() -> None:
        raise RuntimeError("select secret from vault")  # what must never reach the client

    app.router.routes.insert(0, APIRoute("/boom", boom))  # ahead of the dashboard mount at /

    with TestClient(app) as client:
        response = client.get("/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert "req-123" in error["message"]
    assert "select" not in response.text and "Traceback" not in response.text
    assert response.headers["X-Request-ID"] == "req-123"


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    first = client.get("/health").headers["X-Request-ID"]
    second = client.get("/health").headers["X-Request-ID"]
    assert first and second and first != second
    assert (
        client.get("/health", headers={"X-Request-ID": "abc-1"}).headers["X-Request-ID"] == "abc-1"
    )
    # a hostile id is replaced, not echoed
    assert (
        client.get("/health", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
        != "<script>"
    )
