"""Property-based check of the whole OpenAPI contract: no 5xx, every answer matches its schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.conftest import PASSWORD
from api.support import add_judgment
from dragonfly.api import create_app
from dragonfly.core.config import Settings
from dragonfly.services.accounts.passwords import hash_password
from dragonfly.services.accounts.tokens import create_token

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


# The spec needs no database; the app is started (against the module's database) by a fixture.
APP = create_app(Settings(dragonfly_secret_key="s" * 40, dragonfly_env="test"))
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@pytest.fixture(scope="module")
def admin_client(
    module_db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with psycopg.connect(module_db_url, autocommit=True) as db:
        db.execute(
            "insert into users (email, role, password_hash) values"
            " ('admin@example.com', 'admin', %s)",
            (hash_password(PASSWORD),),
        )
        _, plain = create_token(db, "admin@example.com", "schemathesis", actor="test")
        for n in range(3):
            add_judgment(db, index_number=f"{n + 1}/2024")
    home: Path = tmp_path_factory.mktemp("home")
    APP.state.settings = Settings(
        database_url=module_db_url,
        dragonfly_home=home,
        dragonfly_secret_key="s" * 40,
        dragonfly_env="test",
    )
    with TestClient(APP) as client:
        yield client, {"Authorization": f"Bearer {plain}"}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_honours_its_openapi_contract(
    case: Any, admin_client: tuple[TestClient, dict[str, str]]
) -> None:
    _, headers = admin_client
    case.call_and_validate(headers=headers, checks=CHECKS)
