"""Papers over HTTP: ops and admins make them, everyone signed in downloads, viewers never write."""

from __future__ import annotations

import hashlib
import io

import psycopg
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.support import error_of
from papers.conftest import PROFILE, pdf_text, person_judgment


def paper_count(db: psycopg.Connection) -> int:
    return int(db.execute("select count(*) from paper_documents").fetchone()[0])  # type: ignore[index]


def set_profile(client: TestClient, tokens: dict[str, dict[str, str]]) -> None:
    response = client.put("/api/v1/firm-profile", json=PROFILE, headers=tokens["admin"])
    assert response.status_code == 200, response.text
    assert response.json()["missing"] == []


def test_ops_makes_a_paper_and_a_viewer_downloads_it(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    set_profile(client, tokens)
    judgment_id = person_judgment(db, regime="consumer")
    made = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "income_execution"},
        headers=tokens["ops"],
    )
    assert made.status_code == 201, made.text
    paper = made.json()
    assert (paper["kind"], paper["version"], paper["created_by"]) == (
        "income_execution",
        1,
        "ops@example.com",
    )
    listed = client.get(f"/api/v1/judgments/{judgment_id}/papers", headers=tokens["viewer"])
    assert [p["id"] for p in listed.json()] == [paper["id"]]
    pdf = client.get(paper["download"], headers=tokens["viewer"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == paper["sha256"]
    assert f'filename="{paper["filename"]}"' in pdf.headers["content-disposition"]
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == paper["pages"]
    assert "Jordan P. Whitaker" in pdf_text(pdf.content)


def test_a_viewer_cannot_make_a_paper_or_change_the_profile(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    set_profile(client, tokens)
    judgment_id = person_judgment(db)
    refused = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "income_execution"},
        headers=tokens["viewer"],
    )
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"
    assert paper_count(db) == 0
    for role in ("viewer", "ops"):
        response = client.put("/api/v1/firm-profile", json={"firm_name": "X"}, headers=tokens[role])
        assert response.status_code == 403
        assert "Only admins change the firm profile" in error_of(response)["message"]
    shown = client.get("/api/v1/firm-profile", headers=tokens["viewer"]).json()
    assert shown["firm_name"] == PROFILE["firm_name"]


def test_a_refused_paper_answers_409_naming_what_is_missing(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    judgment_id = person_judgment(db, employer=False)
    response = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "income_execution"},
        headers=tokens["ops"],
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "paper_refused"
    assert "the firm profile's firm name" in error["message"]
    assert "an employer or payor" not in error["message"]  # the profile is checked first
    set_profile(client, tokens)
    response = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "income_execution"},
        headers=tokens["ops"],
    )
    assert response.status_code == 409
    assert "an employer or payor with a name and address" in error_of(response)["message"]
    assert paper_count(db) == 0


def test_malformed_requests_name_the_field(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    judgment_id = person_judgment(db)
    for body in ({"kind": "subpoena_for_fun"}, {}, {"kind": None}):
        response = client.post(
            f"/api/v1/judgments/{judgment_id}/papers", json=body, headers=tokens["ops"]
        )
        assert response.status_code == 422, body
        assert error_of(response)["details"]["errors"][0]["field"] == "kind"
    missing = client.post(
        "/api/v1/judgments/999999/papers", json={"kind": "income_execution"}, headers=tokens["ops"]
    )
    assert missing.status_code == 404
    assert client.get("/api/v1/papers/999999/pdf", headers=tokens["viewer"]).status_code == 404
    for field, value in (("zip", "1000"), ("firm_name", "A\u0000B"), ("state", "New York")):
        bad = client.put("/api/v1/firm-profile", json={field: value}, headers=tokens["admin"])
        assert bad.status_code == 422, (field, bad.text)
        assert error_of(bad)["details"]["errors"][0]["field"] == field
    assert paper_count(db) == 0
