"""The public probes, the demo admin, and the dashboard fallback page."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dragonfly.api import create_app
from dragonfly.api.dashboard_files import mount_dashboard
from dragonfly.core.config import Settings
from dragonfly.migrate import newest_file_version
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.services.accounts.users import ensure_demo_admin
from jobs.conftest import run_queued_jobs
from jobs.worker_process import start_worker, stop, wait_for


def test_health_readyz_version_when_all_is_well(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {
        "status": "ready",
        "schema_version": newest_file_version(),
    }
    version = client.get("/version").json()
    assert version["schema_version"] == newest_file_version() and version["version"]


def test_version_reports_the_deployed_commit(api_settings: Settings) -> None:
    settings = api_settings.model_copy(update={"git_commit": "0123abc"})
    with TestClient(create_app(settings)) as client:
        assert client.get("/version").json()["commit"] == "0123abc"


def test_readyz_is_503_while_the_schema_is_behind(empty_db_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=empty_db_url, dragonfly_home=tmp_path, dragonfly_env="test")
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "not_ready" and newest_file_version() in body["reason"]
        assert client.get("/health").status_code == 200  # alive, just not ready


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the socket closes
    url = f"postgresql://nobody:pw@127.0.0.1:{port}/none?connect_timeout=1"
    settings = Settings(database_url=url, dragonfly_home=tmp_path, dragonfly_env="test")
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "unreachable" in response.json()["reason"]
        assert "pw" not in response.text


def test_demo_admin_is_created_once_and_can_sign_in(
    client: TestClient, db: psycopg.Connection
) -> None:
    password = ensure_demo_admin(db)
    assert password and len(password) >= 12
    assert ensure_demo_admin(db) is None
    login = client.post(
        "/api/v1/auth/login", json={"email": "admin@demo.local", "password": password}
    )
    assert login.status_code == 200 and login.json()["user"]["role"] == "admin"


def test_without_a_built_dashboard_a_plain_page_says_so(tmp_path: Path) -> None:
    app = FastAPI()
    mount_dashboard(app, tmp_path)
    page = TestClient(app).get("/")
    assert page.status_code == 200 and "not built" in page.text


def test_the_built_dashboard_is_served_at_the_root(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_readyz_is_503_while_jobs_wait_and_no_worker_is_seen(
    api_settings: Settings, tokens: dict[str, dict[str, str]], db_url: str
) -> None:
    settings = api_settings.model_copy(update={"dragonfly_worker_missing_after": 0.5})
    ensure_job_schema(db_url)  # installed by the owner, as `migrate apply` does
    with TestClient(create_app(settings)) as client:
        upload = client.post(
            "/api/v1/imports",
            files={"file": ("a.csv", b"Colour,Flavour\nred,sweet\n", "text/csv")},
            headers=tokens["ops"],
        )
        assert upload.status_code == 202
        time.sleep(0.6)
        response = client.get("/readyz")
        assert response.status_code == 503
        reason = response.json()["reason"]
        assert "1 background job waiting" in reason and "dragonfly worker" in reason
        run_queued_jobs(db_url)  # a worker comes and takes it
        assert client.get("/readyz").status_code == 200


@pytest.mark.slow
def test_readyz_is_503_when_an_expected_worker_has_not_been_seen(
    api_settings: Settings, tmp_path: Path, db_url: str
) -> None:
    settings = api_settings.model_copy(
        update={"dragonfly_worker_expected": True, "dragonfly_worker_missing_after": 1.0}
    )
    database_url = settings.database_url.get_secret_value() if settings.database_url else ""
    ensure_job_schema(db_url)  # installed by the owner, as `migrate apply` does
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200  # a worker has a moment to arrive
        time.sleep(1.1)
        missing = client.get("/readyz")
        assert missing.status_code == 503
        assert "no job worker has been seen" in missing.json()["reason"]

        log = tmp_path / "worker.log"
        worker = start_worker(database_url, log)
        try:
            wait_for("/readyz with a worker", lambda: client.get("/readyz").is_success, 30, log)
        finally:
            stop(worker)  # a worker that stops cleanly removes itself from the database
        time.sleep(1.1)
        assert client.get("/readyz").status_code == 503
