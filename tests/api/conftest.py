"""API fixtures: an app on a fresh database, users of each role with bearer tokens, sample data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from dragonfly.api import create_app
from dragonfly.api.accounts import create_user
from dragonfly.api.tokens import create_token
from dragonfly.core.config import Settings

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "ops", "viewer")


@pytest.fixture
def api_settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, dragonfly_home=tmp_path / "home", dragonfly_env="test")


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


@pytest.fixture
def tokens(db: psycopg.Connection) -> dict[str, dict[str, str]]:
    """Authorization headers for one user of each role (emails <role>@example.com)."""
    headers: dict[str, dict[str, str]] = {}
    for role in ROLES:
        create_user(db, email=f"{role}@example.com", password=PASSWORD, role=role, actor="test")
        _, plain = create_token(db, f"{role}@example.com", "tests", actor="test")
        headers[role] = {"Authorization": f"Bearer {plain}"}
    return headers
