"""Request guards: security headers, NUL bytes, cross-origin cookie writes, page depth, timeouts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.conftest import PASSWORD
from api.support import add_judgment, error_of
from dragonfly.api import create_app
from dragonfly.core.config import Settings
from dragonfly.ingest import LoadPath, import_file
from dragonfly.ingest.bulk import bulk_import_running
from dragonfly.ingest.demo_data import write_demo_file

Headers = dict[str, dict[str, str]]


def test_every_response_carries_the_security_headers(client: TestClient, tokens: Headers) -> None:
    for path, headers in (
        ("/", {}),
        ("/health", {}),
        ("/api/v1/auth/me", tokens["viewer"]),
        ("/api/v1/nowhere", {}),
    ):
        response = client.get(path, headers=headers)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in response.headers  # plain HTTP, not production


def test_hsts_is_sent_in_production(db_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=db_url,
        dragonfly_home=tmp_path,
        dragonfly_env="production",
        dragonfly_secret_key="k" * 40,
    )
    with TestClient(create_app(settings)) as production:
        hsts = production.get("/health").headers["strict-transport-security"]
    assert hsts.startswith("max-age=31536000")


def test_a_nul_byte_in_a_filter_is_refused_naming_the_field(
    client: TestClient, tokens: Headers
) -> None:
    for path in (
        "/api/v1/judgments?q=ab%00c",
        "/api/v1/plaintiffs?q=%00",
        "/api/v1/judgments?county=K%00",
    ):
        response = client.get(path, headers=tokens["viewer"])
        assert response.status_code == 422, (path, response.text)
        name = path.split("?")[1].split("=")[0]
        assert f"query.{name}" in error_of(response)["message"]
        assert "NUL" in error_of(response)["message"]


def test_pages_reach_a_documented_depth(client: TestClient, tokens: Headers) -> None:
    assert (
        client.get("/api/v1/judgments?page=200&page_size=50", headers=tokens["viewer"]).status_code
        == 200
    )
    deep = client.get("/api/v1/judgments?page=201&page_size=50", headers=tokens["viewer"])
    assert deep.status_code == 422
    message = error_of(deep)["message"]
    assert "query.page" in message and "10,000" in message
    assert client.get("/api/v1/plaintiffs?page=5000", headers=tokens["viewer"]).status_code == 422


@pytest.fixture
def signed_in(client: TestClient, tokens: Headers) -> TestClient:
    response = client.post(
        "/api/v1/auth/login", json={"email": "ops@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    return client


PAYMENT = {"kind": "payment", "amount": "10.00", "effective_on": "2026-11-20"}


@pytest.fixture
def judgment(db: psycopg.Connection) -> int:
    return add_judgment(db, index_number="500/2024")


def test_cookie_writes_from_another_origin_are_refused(
    signed_in: TestClient, judgment: int
) -> None:
    ledger = f"/api/v1/judgments/{judgment}/ledger"
    for headers in (
        {"Origin": "https://evil.example.com"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.testserver"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        refused = signed_in.post(ledger, json=PAYMENT, headers=headers)
        assert refused.status_code == 403, headers
        assert error_of(refused)["code"] == "cross_origin_refused"
    refused_logout = signed_in.post(
        "/api/v1/auth/logout", headers={"Origin": "https://evil.example.com"}
    )
    assert refused_logout.status_code == 403
    # the dashboard's own origin still works, and reads are never refused
    own = signed_in.post(
        ledger,
        json=PAYMENT,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert own.status_code == 201, own.text
    assert (
        signed_in.get("/api/v1/auth/me", headers={"Origin": "https://evil.example.com"}).status_code
        == 200
    )


def test_bearer_token_writes_are_not_origin_checked(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    response = client.post(
        f"/api/v1/judgments/{judgment}/ledger",
        json=PAYMENT,
        headers={**tokens["ops"], "Origin": "https://tool.example.com"},
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def impatient_client(api_settings: Settings) -> Iterator[TestClient]:
    settings = api_settings.model_copy(update={"dragonfly_api_statement_timeout": 0.5})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_query_past_the_statement_timeout_is_stopped_with_a_plain_message(
    impatient_client: TestClient, tokens: Headers, db_url: str
) -> None:
    release = threading.Event()

    def hold_judgments_lock() -> None:
        with psycopg.connect(db_url) as blocker:
            blocker.execute("lock table judgments in access exclusive mode")
            locked.set()
            release.wait(20)

    locked = threading.Event()
    holder = threading.Thread(target=hold_judgments_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = impatient_client.get("/api/v1/judgments", headers=tokens["viewer"])
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert "DRAGONFLY_API_STATEMENT_TIMEOUT" in error_of(response)["message"]


def test_a_request_that_waited_for_a_bulk_import_says_so_and_what_to_do(
    impatient_client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    """During a bulk import, pages that read judgments wait; one that waits past the limit is
    told an import is being loaded and that a change it made was not saved."""
    big = write_demo_file(tmp_path / "court_big.csv", 30_000, "court", seed=5)
    importer = threading.Thread(target=lambda: import_file(db_url, big, load=LoadPath.BULK))
    importer.start()
    try:
        with psycopg.connect(db_url, autocommit=True) as watcher:
            deadline = time.monotonic() + 120
            while not bulk_import_running(watcher):
                assert importer.is_alive() and time.monotonic() < deadline
                time.sleep(0.02)
        response = impatient_client.get("/api/v1/judgments", headers=tokens["viewer"])
    finally:
        importer.join()
    assert response.status_code == 503
    message = error_of(response)["message"]
    assert "A large import is being loaded" in message and "was not saved" in message


def test_api_docs_page_is_served_without_any_cdn(client: TestClient, tokens: Headers) -> None:
    assert client.get("/api/docs").status_code == 401
    page = client.get("/api/docs", headers=tokens["viewer"])
    assert page.status_code == 200
    assert "/js/api_docs.js" in page.text
    assert "https://" not in page.text and "http://" not in page.text
    assert client.get("/js/api_docs.js").status_code == 200
