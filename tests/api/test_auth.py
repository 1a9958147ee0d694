"""Signing in and out, tokens, throttling, and the secret key rules."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.conftest import PASSWORD
from api.support import error_of
from dragonfly.api import create_app
from dragonfly.api.security import resolve_secret_key
from dragonfly.core.config import Settings
from dragonfly.errors import ConfigError, Throttled, Unauthorized
from dragonfly.services.accounts import throttle
from dragonfly.services.accounts.throttle import ThrottlePolicy
from dragonfly.services.accounts.tokens import create_token, revoke_token
from dragonfly.services.accounts.users import authenticate


def login(client: TestClient, email: str, password: str = PASSWORD, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_login_sets_a_strict_httponly_cookie_and_me_works(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = login(client, "ops@example.com")
    assert response.status_code == 200
    assert response.json()["user"] == {
        "id": 2,
        "email": "ops@example.com",
        "display_name": "Ops",
        "role": "ops",
    }
    cookie = response.headers["set-cookie"]
    assert "df_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/api/v1/auth/me").json()["email"] == "ops@example.com"


def test_logout_ends_the_session_on_the_server(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    login(client, "viewer@example.com")
    kept = client.cookies.get("df_session")
    assert client.post("/api/v1/auth/logout").status_code == 204
    client.cookies.set("df_session", kept or "")  # someone kept a copy of the cookie
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401


def test_wrong_password_is_401_and_says_nothing_about_which_part(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    wrong_password = login(client, "admin@example.com", "not the password")
    no_such_user = login(client, "nobody@example.com", "not the password")
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert error_of(wrong_password)["message"] == error_of(no_such_user)["message"]


def test_repeated_failures_throttle_the_account_even_with_the_right_password(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    for _ in range(5):
        assert login(client, "admin@example.com", "guess").status_code == 401
    response = login(client, "admin@example.com")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert int(response.headers["Retry-After"]) > 0
    # another account from the same client is not locked out by these five
    assert login(client, "ops@example.com").status_code == 200


def test_many_failures_from_one_client_throttle_that_client(
    client: TestClient, tokens: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert throttle.DEFAULT_POLICY.client_failures == 20  # the shipped policy
    monkeypatch.setattr(throttle, "DEFAULT_POLICY", ThrottlePolicy(client_failures=4))
    for n in range(4):  # four different accounts, each tried once, from one address
        assert login(client, f"someone{n}@example.com", "guess").status_code == 401
    assert login(client, "viewer@example.com").status_code == 429


def test_throttling_state_is_in_the_database(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    login(client, "admin@example.com", "guess")
    count = db.execute("select count(*) from login_failures where key = 'admin@example.com'")
    assert count.fetchone() == (1,)


def test_disabled_user_cannot_sign_in(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    db.execute("update users set disabled = true where email = 'ops@example.com'")
    assert login(client, "ops@example.com").status_code == 401
    assert client.get("/api/v1/auth/me", headers=tokens["ops"]).status_code == 401


def test_revoked_token_stops_working(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    token, plain = create_token(db, "viewer@example.com", "script", actor="test")
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    revoke_token(db, token.id, actor="test")
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    stored = db.execute("select token_hash from api_tokens where id = %s", (token.id,)).fetchone()
    assert stored and plain not in stored[0]


def test_malformed_login_bodies_are_422(client: TestClient) -> None:
    for body in (
        {},
        {"email": "a@b.c"},
        {"email": 5, "password": []},
        {"email": "", "password": ""},
    ):
        response = client.post("/api/v1/auth/login", json=body)
        assert response.status_code == 422, body
        assert error_of(response)["code"] == "validation_error"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    settings = Settings(dragonfly_env="production", dragonfly_home=tmp_path)
    with pytest.raises(ConfigError, match="DRAGONFLY_SECRET_KEY"):
        create_app(settings)


def test_development_key_is_kept_private_in_the_home_and_reused(tmp_path: Path) -> None:
    settings = Settings(dragonfly_env="development", dragonfly_home=tmp_path)
    first, second = resolve_secret_key(settings), resolve_secret_key(settings)
    assert first == second and len(first) >= 32
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_a_cookie_signed_with_another_key_is_refused(
    api_settings: Settings, tokens: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    with TestClient(create_app(api_settings)) as first:
        login(first, "viewer@example.com")
        cookie = first.cookies.get("df_session")
    other = api_settings.model_copy(update={"dragonfly_home": tmp_path / "elsewhere"})
    with TestClient(create_app(other)) as second:
        second.cookies.set("df_session", cookie or "")
        assert second.get("/api/v1/auth/me").status_code == 401


def sign_in_at_once(db_url: str, attempts: int, password: str, client: str) -> list[str]:
    """`attempts` sign-ins to admin@example.com released together; what each came to."""
    ready = threading.Barrier(attempts)
    outcomes: list[str] = []

    def attempt() -> None:
        with psycopg.connect(db_url, autocommit=True) as conn:
            ready.wait(timeout=30)
            try:
                authenticate(conn, "admin@example.com", password, client)
                outcomes.append("signed in")
            except Throttled:
                outcomes.append("throttled")
            except Unauthorized:
                outcomes.append("checked")

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_forty_simultaneous_wrong_passwords_reach_the_password_check_at_most_five_times(
    tokens: dict[str, dict[str, str]], db_url: str
) -> None:
    outcomes = sign_in_at_once(db_url, 40, "guess", "198.51.100.7")
    assert len(outcomes) == 40
    assert outcomes.count("checked") <= throttle.DEFAULT_POLICY.account_failures


def test_each_user_manages_their_own_tokens_and_an_admin_sees_all(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    # A token cannot mint another: tokens are made from a signed-in session.
    by_token = client.post("/api/v1/tokens", json={"name": "x"}, headers=tokens["viewer"])
    assert by_token.status_code == 403
    assert login(client, "viewer@example.com").status_code == 200
    made = client.post("/api/v1/tokens", json={"name": "nightly", "days": 7})
    client.cookies.clear()
    assert made.status_code == 201, made.text
    mine = made.json()
    assert mine["token"].startswith("dft_") and mine["user_email"] == "viewer@example.com"
    bearer = {"Authorization": f"Bearer {mine['token']}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 200
    listed = client.get("/api/v1/tokens", headers=tokens["viewer"]).json()["items"]
    assert {t["user_email"] for t in listed} == {"viewer@example.com"}
    assert all("token" not in t for t in listed)  # the value is shown once, never listed
    everyone = client.get("/api/v1/tokens", headers=tokens["admin"]).json()["items"]
    assert {t["user_email"] for t in everyone} > {"viewer@example.com"}
    ops_token = next(t for t in everyone if t["user_email"] == "ops@example.com")
    # Someone else's token is not the viewer's to see or revoke.
    other = client.delete(f"/api/v1/tokens/{ops_token['id']}", headers=tokens["viewer"])
    assert other.status_code == 404
    revoked = client.delete(f"/api/v1/tokens/{mine['id']}", headers=tokens["viewer"])
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_an_expired_token_stops_working(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    assert login(client, "ops@example.com").status_code == 200
    made = client.post("/api/v1/tokens", json={"name": "short"}).json()
    client.cookies.clear()
    assert made["expires_at"] > made["created_at"]  # 90 days by default
    db.execute("update api_tokens set expires_at = now() - interval '1 second' where id = %s",
               (made["id"],))  # fmt: skip
    bearer = {"Authorization": f"Bearer {made['token']}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "x", "days": 0}, "days"), ({"name": "x", "days": 400}, "days"), ({}, "name")],
)
def test_malformed_token_requests_are_422_naming_the_field(
    client: TestClient, tokens: dict[str, dict[str, str]], body: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/tokens", json=body, headers=tokens["ops"])
    assert response.status_code == 422
    assert error_of(response)["details"]["errors"][0]["field"] == field


def test_simultaneous_correct_sign_ins_to_one_account_all_succeed(
    tokens: dict[str, dict[str, str]], db_url: str
) -> None:
    """Counting attempts one at a time must not turn a burst of good sign-ins into a lock-out."""
    assert sign_in_at_once(db_url, 12, PASSWORD, "198.51.100.8") == ["signed in"] * 12
