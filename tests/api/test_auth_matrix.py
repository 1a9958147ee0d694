"""Every route in the app: without credentials 401 (except the public four), viewers never write."""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.support import error_of
from dragonfly.api import create_app
from dragonfly.api.routes import PUBLIC_PATHS
from dragonfly.core.config import Settings

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
# Requests that change nothing of the firm's data: signing in and out, the balance calculator,
# and a user's own API tokens and calendar feed (a viewer's token or feed can only read).
NOT_WRITES = {
    "/api/v1/auth/login",
    "/api/v1/auth/logout",
    "/api/v1/balance",
    "/api/v1/tokens",
    "/api/v1/tokens/{token_id}",
    "/api/v1/calendar-feed",
}


def all_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(dragonfly_secret_key="x" * 40, dragonfly_env="test"))
    found = []
    for route in iter_route_contexts(app.routes):
        for method in sorted(route.methods or ()):
            if route.path is not None and method != "HEAD":
                found.append((method, route.path))
    return found


ROUTES = all_routes()


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_matrix_sees_every_router() -> None:
    paths = {p for _, p in ROUTES}
    assert {"/api/v1/judgments", "/api/v1/users/{user_id}", "/api/v1/overview"} <= paths
    assert len(ROUTES) >= 30
    assert PUBLIC_PATHS - {"/"} <= paths


def test_without_credentials_every_private_route_answers_401(client: TestClient) -> None:
    wrong = []
    for method, path in ROUTES:
        response = client.request(method, concrete(path))
        expected_public = path in PUBLIC_PATHS
        if expected_public == (response.status_code == 401):
            wrong.append((method, path, response.status_code))
        elif not expected_public:
            assert error_of(response)["code"] == "unauthorized"
    assert wrong == []


def test_viewers_writing_get_403_everywhere(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    writes = [r for r in ROUTES if r[0] in WRITE_METHODS and r[1] not in NOT_WRITES]
    assert len(writes) >= 6
    wrong = []
    for method, path in writes:
        response = client.request(method, concrete(path), headers=tokens["viewer"])
        if response.status_code != 403:
            wrong.append((method, path, response.status_code))
        else:
            assert error_of(response)["code"] == "forbidden"
    assert wrong == []


def test_ops_cannot_manage_users(client: TestClient, tokens: dict[str, dict[str, str]]) -> None:
    assert client.get("/api/v1/users", headers=tokens["ops"]).status_code == 403
    assert client.get("/api/v1/users", headers=tokens["admin"]).status_code == 200


def test_a_forged_cookie_is_refused(client: TestClient) -> None:
    client.cookies.set("df_session", "forged.value")
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
