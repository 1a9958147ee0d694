"""API fixtures: an app on a fresh database, users of each role with bearer tokens, sample data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from dragonfly.api import create_app
from dragonfly.core.config import Settings
from dragonfly.services.accounts.passwords import hash_password
from dragonfly.services.accounts.tokens import create_token

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "ops", "viewer")


@pytest.fixture
def api_settings(app_db_url: str, tmp_path: Path) -> Settings:
    """The app as deployed: connected as the app role, not as the owner."""
    return Settings(database_url=app_db_url, dragonfly_home=tmp_path / "home", dragonfly_env="test")


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def password_hash() -> str:
    """argon2 is slow on purpose; hash the shared test password once per run."""
    return hash_password(PASSWORD)


@pytest.fixture
def tokens(db: psycopg.Connection, password_hash: str) -> dict[str, dict[str, str]]:
    """Authorization headers for one user of each role (emails <role>@example.com)."""
    headers: dict[str, dict[str, str]] = {}
    for role in ROLES:
        db.execute(
            "insert into users (email, display_name, role, password_hash) values (%s, %s, %s, %s)",
            (f"{role}@example.com", role.title(), role, password_hash),
        )
        _, plain = create_token(db, f"{role}@example.com", "tests", actor="test")
        headers[role] = {"Authorization": f"Bearer {plain}"}
    return headers
