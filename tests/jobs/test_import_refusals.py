"""Through the API: an upload refused for too many bad rows stays in the history with its
rejected lines, and an ops user imports its good rows anyway with a reason; a viewer cannot."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from api.support import error_of
from jobs.conftest import run_queued_jobs
from jobs.test_import_jobs import upload
from refusal_files import HEADER, vendor_file

Headers = dict[str, dict[str, str]]


def refused_upload(client: TestClient, tokens: Headers, db_url: str, folder: Path) -> int:
    job_id = upload(client, tokens["ops"], vendor_file(folder))
    run_queued_jobs(db_url)
    job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert job["status"] == "failed" and "3 of 10 rows would be rejected" in job["error"]
    assert job["batch"]["status"] == "refused"
    return int(job["batch"]["id"])


def count(db: psycopg.Connection, query: str) -> int:
    row = db.execute(query).fetchone()
    return int(row[0]) if row else 0


def test_refused_upload_shows_its_rejected_lines_before_anything_is_written(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path, db: psycopg.Connection
) -> None:
    batch = refused_upload(client, tokens, db_url, tmp_path)
    assert count(db, "select count(*) from judgments") == 0
    shown = client.get(f"/api/v1/imports/{batch}", headers=tokens["viewer"]).json()
    assert (shown["status"], shown["file_kept"], shown["rejected"]) == ("refused", True, 3)
    assert "--max-reject-rate" not in shown["message"]
    rows = client.get(f"/api/v1/imports/{batch}/rejects", headers=tokens["viewer"]).json()
    assert [
        (r["line_number"], r["reason_code"], r["field"], r["value"]) for r in rows["items"]
    ] == [
        (3, "bad_amount", "Amt", "abc"),
        (6, "bad_date", "Jdgmt Date", "13/45/2024"),
        (9, "unknown_court", "Venue", "Gotham"),
    ]
    history = client.get("/api/v1/imports", headers=tokens["viewer"]).json()["items"]
    assert [(b["id"], b["status"]) for b in history] == [(batch, "refused")]
    assert "over the foil limit of 10.0%" in history[0]["message"]
    download = client.get(f"/api/v1/imports/{batch}/rejects.csv", headers=tokens["viewer"])
    found = list(csv.DictReader(io.StringIO(download.text)))
    assert list(found[0]) == [*HEADER.strip().split(","), "line", "reason", "detail"]
    assert [(r["line"], r["Venue"]) for r in found] == [
        ("3", "Kings"),
        ("6", "Kings"),
        ("9", "Gotham"),
    ]


def test_an_override_needs_a_writer_and_a_reason_and_writes_nothing_otherwise(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path, db: psycopg.Connection
) -> None:
    batch = refused_upload(client, tokens, db_url, tmp_path)
    uploads_before = count(db, "select count(*) from import_uploads")
    audit_before = count(db, "select count(*) from audit_events")
    url = f"/api/v1/imports/{batch}/accept-rejects"

    viewer = client.post(url, json={"reason": "I think so"}, headers=tokens["viewer"])
    assert viewer.status_code == 403
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        missing = client.post(url, json=body, headers=tokens["ops"])
        assert missing.status_code == 422, body
        error = error_of(missing)
        assert error["details"]["errors"][0]["field"] == "reason"
        assert "Say why the good rows should be imported" in error["message"]
    too_long = client.post(url, json={"reason": "x" * 501}, headers=tokens["ops"])
    assert too_long.status_code == 422
    assert error_of(too_long)["details"]["errors"][0]["field"] == "reason"
    assert count(db, "select count(*) from import_uploads") == uploads_before
    assert count(db, "select count(*) from audit_events") == audit_before
    assert count(db, "select count(*) from judgments") == 0
    assert client.get(f"/api/v1/imports/{batch}", headers=tokens["viewer"]).json()["file_kept"]
    missing_batch = client.post(
        "/api/v1/imports/999/accept-rejects", json={"reason": "x"}, headers=tokens["ops"]
    )
    assert missing_batch.status_code == 404


def test_ops_imports_the_good_rows_anyway_with_a_reason_once(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path, db: psycopg.Connection
) -> None:
    batch = refused_upload(client, tokens, db_url, tmp_path)
    url = f"/api/v1/imports/{batch}/accept-rejects"
    why = "Vendor resends the three bad lines on Friday"
    accepted = client.post(url, json={"reason": why}, headers=tokens["ops"])
    assert accepted.status_code == 202, accepted.text
    again = client.post(url, json={"reason": why}, headers=tokens["admin"])
    assert again.status_code == 409  # the kept file is already being imported
    assert "already being imported" in error_of(again)["message"]
    run_queued_jobs(db_url)
    job = client.get(accepted.json()["status_url"], headers=tokens["viewer"]).json()
    assert job["status"] == "succeeded", job
    done = job["batch"]
    assert (done["status"], done["inserted"], done["rejected"]) == ("completed", 7, 3)
    assert done["rows_read"] == done["inserted"] + done["updated"] + done["unchanged"] + 3
    assert done["accepted_reason"] == why
    assert count(db, "select count(*) from judgments") == 7
    history = client.get("/api/v1/imports", headers=tokens["viewer"]).json()["items"]
    assert [b["status"] for b in history] == ["completed", "refused"]
    assert not client.get(f"/api/v1/imports/{batch}", headers=tokens["viewer"]).json()["file_kept"]
    events = db.execute(
        "select action, entity_id, after->>'reason' from audit_events"
        " where action like 'import.accept_rejects%' order by id"
    ).fetchall()
    assert events == [
        ("import.accept_rejects_requested", str(batch), why),
        ("import.accept_rejects", str(done["id"]), why),
    ]
    actor = db.execute(
        "select actor from audit_events where action = 'import.accept_rejects'"
    ).fetchone()
    assert actor == ("ops@example.com",)
    completed = client.post(
        f"/api/v1/imports/{done['id']}/accept-rejects", json={"reason": why}, headers=tokens["ops"]
    )
    assert completed.status_code == 409 and "was not refused" in error_of(completed)["message"]
    still_refused = client.post(url, json={"reason": why}, headers=tokens["ops"])
    assert still_refused.status_code == 409
    assert "already imported as batch" in error_of(still_refused)["message"]


def test_a_refused_upload_of_a_mapped_source_imports_its_good_rows_with_its_default_regime(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path, db: psycopg.Connection
) -> None:
    # The firm's own headers, saved once from Intake's mapping step; lines 3 and 5 are bad.
    path = tmp_path / "acme.csv"
    path.write_text(
        "Matter Key,Who Is Owed,Who Owes,Sum,When,Where\n"
        "K-1,Acme LLC,Ann Lee,100,03/15/2024,Kings County Civil Court\n"
        "K-2,Acme LLC,Bo Li,abc,03/15/2024,Kings County Civil Court\n"
        "K-3,Acme LLC,Cy Poe,300,03/15/2024,Queens Supreme Court\n"
        "K-4,Acme LLC,Di Roe,400,03/15/2024,Queens District Court\n",
        encoding="utf-8",
    )
    columns = {"index_number": "Matter Key", "plaintiff_name": "Who Is Owed",
               "debtor_name": "Who Owes", "principal": "Sum", "entry_date": "When",
               "court": "Where"}  # fmt: skip
    source = {"name": "acme_matters", "title": "Acme matters", "date_format": "%m/%d/%Y",
              "headers": ["Matter Key", "Who Is Owed", "Who Owes", "Sum", "When", "Where"],
              "columns": columns}  # fmt: skip
    saved = client.post("/api/v1/import-sources", json=source, headers=tokens["ops"])
    assert saved.status_code == 201, saved.text
    with path.open("rb") as handle:
        queued = client.post(
            "/api/v1/imports", files={"file": (path.name, handle, "text/csv")},
            data={"interest_regime": "consumer"}, headers=tokens["ops"],
        )  # fmt: skip
    assert queued.status_code == 202, queued.text
    run_queued_jobs(db_url)
    refused = client.get(queued.json()["status_url"], headers=tokens["ops"]).json()["batch"]
    assert (refused["status"], refused["source"], refused["rejected"]) == (
        "refused", "acme_matters", 2,
    )  # fmt: skip
    rows = client.get(f"/api/v1/imports/{refused['id']}/rejects", headers=tokens["ops"]).json()
    assert [(r["line_number"], r["field"], r["value"]) for r in rows["items"]] == [
        (3, "Sum", "abc"), (5, "Where", "Queens District Court"),
    ]  # fmt: skip

    why = "The vendor resends lines 3 and 5"
    accepted = client.post(
        f"/api/v1/imports/{refused['id']}/accept-rejects", json={"reason": why},
        headers=tokens["ops"],
    )  # fmt: skip
    assert accepted.status_code == 202, accepted.text
    run_queued_jobs(db_url)
    done = client.get(accepted.json()["status_url"], headers=tokens["ops"]).json()["batch"]
    assert (done["source"], done["inserted"], done["rejected"]) == ("acme_matters", 2, 2)
    regimes = db.execute("select interest_regime::text from judgments").fetchall()
    assert regimes == [("consumer",), ("consumer",)]
    default = db.execute(
        "select interest_regime_default::text from import_batches where id = %s", (done["id"],)
    ).fetchone()
    assert default == ("consumer",)
