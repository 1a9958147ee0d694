"""Admins manage users through the API; every change is audited."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import error_of

Headers = dict[str, dict[str, str]]


def test_admin_adds_a_user_who_can_then_sign_in(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    body = {
        "email": "New.Person@Example.com",
        "display_name": "New",
        "role": "ops",
        "password": "a long enough password",
    }
    response = client.post("/api/v1/users", json=body, headers=tokens["admin"])
    assert response.status_code == 201, response.text
    assert response.json()["email"] == "new.person@example.com"
    login = client.post(
        "/api/v1/auth/login", json={"email": "new.person@example.com", "password": body["password"]}
    )
    assert login.status_code == 200
    audit = db.execute(
        "select actor, action, after::text from audit_events where action = 'user.create'"
    ).fetchall()
    assert audit[0][:2] == ("admin@example.com", "user.create")
    assert body["password"] not in audit[0][2]


def test_duplicate_email_is_refused(client: TestClient, tokens: Headers) -> None:
    body = {"email": "ops@example.com", "role": "ops", "password": "a long enough password"}
    response = client.post("/api/v1/users", json=body, headers=tokens["admin"])
    assert response.status_code == 422
    assert "already exists" in error_of(response)["message"]


def test_admin_changes_role_and_disables(client: TestClient, tokens: Headers) -> None:
    users = client.get("/api/v1/users", headers=tokens["admin"]).json()["items"]
    viewer = next(u for u in users if u["role"] == "viewer")
    promoted = client.patch(
        f"/api/v1/users/{viewer['id']}", json={"role": "ops"}, headers=tokens["admin"]
    )
    assert promoted.json()["role"] == "ops"
    assert client.get("/api/v1/auth/me", headers=tokens["viewer"]).json()["role"] == "ops"
    client.patch(f"/api/v1/users/{viewer['id']}", json={"disabled": True}, headers=tokens["admin"])
    assert client.get("/api/v1/auth/me", headers=tokens["viewer"]).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "no-at-sign", "password": "a long enough password"},
        {"email": "a@b.example", "password": "short"},
        {"email": "a@b.example", "password": "a long enough password", "role": "owner"},
    ],
)
def test_malformed_new_users_are_422(
    client: TestClient, tokens: Headers, body: dict[str, object]
) -> None:
    response = client.post("/api/v1/users", json=body, headers=tokens["admin"])
    assert response.status_code == 422, response.text
    error_of(response)


def test_malformed_changes_are_422_and_unknown_users_404(
    client: TestClient, tokens: Headers
) -> None:
    bad = client.patch("/api/v1/users/1", json={"role": "owner"}, headers=tokens["admin"])
    assert bad.status_code == 422
    assert (
        client.patch("/api/v1/users/999", json={"role": "ops"}, headers=tokens["admin"]).status_code
        == 404
    )


def test_the_last_admin_cannot_demote_or_disable_itself(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    me = db.execute("select id from users where email = 'admin@example.com'").fetchone()
    assert me is not None
    for change in ({"role": "ops"}, {"disabled": True}):
        response = client.patch(f"/api/v1/users/{me[0]}", json=change, headers=tokens["admin"])
        assert response.status_code == 409, response.text
        assert "only enabled admin" in error_of(response)["message"]
    still = db.execute("select role::text, disabled from users where id = %s", (me[0],)).fetchone()
    assert still == ("admin", False)
