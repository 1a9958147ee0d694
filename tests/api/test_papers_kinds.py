"""The restraining notices, bank packet and the other papers over HTTP: ops make them, a viewer
is refused with nothing written, and a refusal names what to record first."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import error_of
from dragonfly.core.config import Settings
from papers.conftest import PROFILE, add_fact, person_judgment

Tokens = dict[str, dict[str, str]]
KINDS = [
    "restraining_notice_debtor",
    "restraining_notice_third_party",
    "restraining_notice_bank_packet",
    "notice_to_judgment_debtor",
    "information_subpoena_third_party",
    "property_execution",
    "demand_letter",
]


@pytest.fixture
def api_settings(app_db_url: str, tmp_path: Path) -> Settings:
    """The app with a firm folder holding test stand-ins for the statutory passages."""
    firm = Path(__file__).parents[1] / "papers" / "firm_templates"
    return Settings(
        database_url=app_db_url,
        dragonfly_home=tmp_path / "home",
        dragonfly_env="test",
        dragonfly_paper_templates=firm,
    )


def paper_count(db: psycopg.Connection) -> int:
    return int(db.execute("select count(*) from paper_documents").fetchone()[0])  # type: ignore[index]


@pytest.fixture
def profile(client: TestClient, tokens: Tokens) -> None:
    response = client.put("/api/v1/firm-profile", json=PROFILE, headers=tokens["admin"])
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_asking_for_a_paper_gets_403_and_nothing_is_written(
    client: TestClient, tokens: Tokens, db: psycopg.Connection, profile: None, kind: str
) -> None:
    judgment_id = person_judgment(db, bank=True)
    refused = client.post(
        f"/api/v1/judgments/{judgment_id}/papers", json={"kind": kind}, headers=tokens["viewer"]
    )
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"
    assert paper_count(db) == 0


def test_ops_makes_a_bank_packet_and_a_benefits_only_account_is_refused_with_409(
    client: TestClient, tokens: Tokens, db: psycopg.Connection, profile: None
) -> None:
    judgment_id = person_judgment(db, bank=True)
    made = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "restraining_notice_bank_packet"},
        headers=tokens["ops"],
    )
    assert made.status_code == 201, made.text
    assert made.json()["pages"] >= 5
    other = person_judgment(db, index_number="CV-000999-25/KI", employer=False)
    add_fact(
        db, other, "bank", "Tompkins Trust", "50 State St, Ithaca, NY 14850", benefits_only=True
    )
    refused = client.post(
        f"/api/v1/judgments/{other}/papers",
        json={"kind": "restraining_notice_bank_packet"},
        headers=tokens["ops"],
    )
    assert refused.status_code == 409
    error = error_of(refused)
    assert error["code"] == "paper_refused" and "benefits-only" in error["message"]
    assert paper_count(db) == 1


def test_a_missing_garnishee_is_named_in_the_409(
    client: TestClient, tokens: Tokens, db: psycopg.Connection, profile: None
) -> None:
    judgment_id = person_judgment(db, employer=False)
    refused = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "restraining_notice_bank_packet"},
        headers=tokens["ops"],
    )
    assert refused.status_code == 409
    assert error_of(refused)["details"]["missing"] == [
        "a garnishee: the debtor's bank with its name and address (Debtor facts)"
    ]
    assert paper_count(db) == 0
