"""The mapping API behind Intake's mapping step: preview a file's columns as they will be read,
save a mapping as a firm source (detected next time), and refuse bad input by field."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

ODD = (
    "Matter Key,Who Is Owed,Who Owes,Sum,When,Where,Rate\n"
    'K-1,Acme LLC,Ann Lee,"1,250.00",03/15/2024,Kings County Civil Court,2%\n'
    "K-2,Acme LLC,Bo Diaz,200,2024-13-40,Kings County Civil Court,\n"
)
COLUMNS = {
    "index_number": "Matter Key",
    "plaintiff_name": "Who Is Owed",
    "debtor_name": "Who Owes",
    "principal": "Sum",
    "entry_date": "When",
    "court": "Where",
    "interest_regime": "Rate",
}


def _preview(client: TestClient, headers: dict[str, str], text: str = ODD, **form: str) -> Any:
    files = {"file": ("odd.csv", text.encode(), "text/csv")}
    return client.post("/api/v1/import-sources/preview", files=files, data=form, headers=headers)


def _fields(body: dict[str, Any]) -> dict[str, str | None]:
    return {f["field"]: f["header"] for f in body["fields"]}


def test_preview_guesses_known_headers_and_shows_rows_as_read(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    text = "Index No.,Creditor,Debtor Name,Judgment Amt,Date of Judgment,Court\n" + (
        "501/2024,Acme LLC,Ann Lee,1200.50,03/15/2024,Kings County Civil Court\n"
    )
    answer = _preview(client, tokens["ops"], text)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["detected"] == "generic"
    fields = _fields(body)
    assert (fields["index_number"], fields["principal"], fields["entry_date"]) == (
        "Index No.", "Judgment Amt", "Date of Judgment",
    )  # fmt: skip
    assert body["date_format"] == "%m/%d/%Y"
    row = body["rows"][0]
    assert (row["entry_date"], row["principal"], row["reason"]) == ("2024-03-15", "1200.50", None)
    assert "Kings" in row["court"]  # the court as resolved, not as typed


def test_a_file_nothing_fits_is_previewed_with_a_mapping_then_saved_and_detected(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    first = _preview(client, tokens["ops"]).json()
    assert first["detected"] is None and "index_number" in first["missing"]

    mapped = _preview(client, tokens["ops"], columns=json.dumps(COLUMNS), date_format="%m/%d/%Y")
    body = mapped.json()
    assert body["missing"] == []
    assert [(r["line_number"], r["reason"]) for r in body["rows"]] == [(2, None), (3, "bad_date")]
    assert (body["rows"][0]["principal"], body["rows"][0]["interest_regime"]) == (
        "1250.00", "consumer",
    )  # fmt: skip

    new = {"name": "acme_matters", "title": "Acme matters", "headers": body["headers"],
           "columns": COLUMNS, "date_format": "%m/%d/%Y"}  # fmt: skip
    saved = client.post("/api/v1/import-sources", json=new, headers=tokens["ops"])
    assert saved.status_code == 201, saved.text
    assert saved.json()["columns"]["index_number"] == ["Matter Key"]
    again = client.post("/api/v1/import-sources", json=new, headers=tokens["ops"])
    assert again.status_code == 409

    detected = _preview(client, tokens["ops"]).json()
    assert detected["detected"] == "acme_matters"
    listed = client.get("/api/v1/import-sources", headers=tokens["viewer"]).json()
    assert "acme_matters" in {s["name"] for s in listed}
    audit = db.execute("select actor from audit_events where action = 'import_source.create'")
    assert audit.fetchall() == [("ops@example.com",)]


def test_a_viewer_can_neither_preview_nor_save(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    assert _preview(client, tokens["viewer"]).status_code == 403
    new = {"name": "x", "title": "X", "headers": ["a"], "columns": {}, "date_format": "%m/%d/%Y"}
    answer = client.post("/api/v1/import-sources", json=new, headers=tokens["viewer"])
    assert answer.status_code == 403
    assert db.execute("select count(*) from import_sources").fetchone() == (0,)


HEADERS = ODD.splitlines()[0].split(",")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"columns": {**COLUMNS, "court": "Venue"}}, "court", "does not have"),
        ({"columns": {**COLUMNS, "debtor_name": "Sum"}}, "principal", "both mapped"),
        ({"columns": {k: v for k, v in COLUMNS.items() if k != "principal"}}, "principal",
         "needs a column for principal"),
        ({"columns": {**COLUMNS, "shoe_size": "Rate"}}, "shoe_size", "not a field"),
        ({"date_format": "%d/%m/%Y"}, "date_format", "not one offered"),
        ({"name": "Acme Matters!"}, "name", "not usable"),
        ({"headers": []}, "headers", ""),
        ({"title": ""}, "title", ""),
    ],
)  # fmt: skip
def test_malformed_mappings_get_422_naming_the_field(
    change: dict[str, Any],
    field: str,
    words: str,
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    db: psycopg.Connection,
) -> None:
    new = {"name": "acme", "title": "Acme", "headers": HEADERS, "columns": COLUMNS,
           "date_format": "%m/%d/%Y", **change}  # fmt: skip
    answer = client.post("/api/v1/import-sources", json=new, headers=tokens["ops"])
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert field in [e["field"].split(".")[-1] for e in error["details"]["errors"]], error
    assert words in error["message"]
    assert db.execute("select count(*) from import_sources").fetchone() == (0,)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"columns": "{not json"}, "columns"),
        ({"columns": json.dumps({"court": "Nowhere"})}, "court"),
        ({"date_format": "%Q"}, "date_format"),
    ],
)
def test_malformed_previews_get_422_naming_the_field(
    form: dict[str, str], field: str, client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    answer = _preview(client, tokens["ops"], **form)
    assert answer.status_code == 422, answer.text
    fields = [e["field"] for e in answer.json()["error"]["details"]["errors"]]
    assert field in fields


def test_an_upload_carries_its_default_regime_and_a_bad_one_is_refused(
    client: TestClient, tokens: dict[str, dict[str, str]], db: psycopg.Connection
) -> None:
    files = {"file": ("odd.csv", ODD.encode(), "text/csv")}
    bad = client.post(
        "/api/v1/imports", files=files, data={"interest_regime": "sometimes"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["errors"][0]["field"] == "interest_regime"
    assert db.execute("select count(*) from import_uploads").fetchone() == (0,)
