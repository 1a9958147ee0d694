"""Upload a real file through the API; a worker imports it; progress and failures are visible."""

from __future__ import annotations

from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from api.support import error_of
from dragonfly.ingest.demo_data import write_demo_file
from jobs.conftest import run_queued_jobs

Headers = dict[str, dict[str, str]]


def upload(client: TestClient, headers: dict[str, str], path: Path) -> int:
    with path.open("rb") as handle:
        response = client.post(
            "/api/v1/imports", files={"file": (path.name, handle, "text/csv")}, headers=headers
        )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status_url"] == f"/api/v1/imports/jobs/{body['job_id']}"
    return int(body["job_id"])


def test_an_uploaded_file_is_imported_by_a_worker(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    path = write_demo_file(tmp_path / "vendor.csv", 40, "simplicity", seed=3, defect_rate=0.0)
    job_id = upload(client, tokens["ops"], path)
    queued = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert queued["status"] == "queued" and queued["batch"] is None
    run_queued_jobs(db_url)
    done = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert done["status"] == "succeeded", done
    assert done["error"] is None
    assert done["progress"]["rows_done"] == done["progress"]["rows_total"] == 40
    assert done["batch"]["status"] == "completed" and done["batch"]["inserted"] == 40
    listed = client.get("/api/v1/judgments", headers=tokens["viewer"]).json()
    assert listed["total"] == 40
    history = client.get("/api/v1/imports", headers=tokens["viewer"]).json()
    assert history["items"][0]["filename"] == "vendor.csv"


def test_a_file_that_cannot_be_imported_shows_as_failed_with_a_reason(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("Colour,Flavour\nred,sweet\n")
    job_id = upload(client, tokens["ops"], path)
    run_queued_jobs(db_url)
    job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert job["status"] == "failed"
    assert job["error"] and "Traceback" not in job["error"]


def test_a_crashed_job_counts_as_a_failed_background_job(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path, db: psycopg.Connection
) -> None:
    path = write_demo_file(tmp_path / "vendor.csv", 5, "simplicity", seed=4, defect_rate=0.0)
    job_id = upload(client, tokens["ops"], path)
    db.execute("update import_uploads set content = null where job_id = %s", (job_id,))
    run_queued_jobs(db_url)
    job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert job["status"] == "failed" and job["error"]
    metrics = client.get("/api/v1/overview", headers=tokens["viewer"]).json()["metrics"]
    failed = next(m for m in metrics if m["key"] == "failed_jobs")
    assert failed["value"] == 1 and failed["status"] != "green"


def test_bad_uploads_are_refused_before_any_job(
    client: TestClient, tokens: Headers, tmp_path: Path
) -> None:
    empty = client.post(
        "/api/v1/imports", files={"file": ("e.csv", b"", "text/csv")}, headers=tokens["ops"]
    )
    assert empty.status_code == 422 and "empty" in error_of(empty)["message"]
    no_file = client.post("/api/v1/imports", data={"source": "auto"}, headers=tokens["ops"])
    assert no_file.status_code == 422
    bad_source = client.post(
        "/api/v1/imports",
        files={"file": ("a.csv", b"a\n1\n")},
        data={"source": "../../etc"},
        headers=tokens["ops"],
    )
    assert bad_source.status_code == 422
    error_of(bad_source)


def test_an_upload_named_dot_dot_is_refused_with_a_clear_message(
    client: TestClient, tokens: Headers
) -> None:
    for name in ("..", ".", "../.."):
        response = client.post(
            "/api/v1/imports", files={"file": (name, b"a,b\n1,2\n")}, headers=tokens["ops"]
        )
        assert response.status_code == 422, response.text
        assert "not a usable file name" in error_of(response)["message"]


def test_a_folder_in_the_upload_name_is_dropped(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    path = write_demo_file(tmp_path / "vendor.csv", 3, "simplicity", seed=6, defect_rate=0.0)
    response = client.post(
        "/api/v1/imports",
        files={"file": ("..\\..\\uploads/vendor.csv", path.read_bytes())},
        headers=tokens["ops"],
    )
    assert response.status_code == 202, response.text
    run_queued_jobs(db_url)
    job = client.get(response.json()["status_url"], headers=tokens["viewer"]).json()
    assert job["status"] == "succeeded" and job["batch"]["filename"] == "vendor.csv"


def test_a_duplicate_upload_says_which_batch_it_repeats(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    path = write_demo_file(tmp_path / "vendor.csv", 5, "simplicity", seed=5, defect_rate=0.0)
    first = upload(client, tokens["ops"], path)
    run_queued_jobs(db_url)
    batch_id = client.get(f"/api/v1/imports/jobs/{first}", headers=tokens["viewer"]).json()[
        "batch"
    ]["id"]
    again = upload(client, tokens["ops"], path)
    run_queued_jobs(db_url)
    job = client.get(f"/api/v1/imports/jobs/{again}", headers=tokens["viewer"]).json()
    assert job["status"] == "succeeded" and job["batch"] is None
    assert f"already imported as batch {batch_id}" in job["message"], job


def test_an_upload_past_an_input_limit_fails_naming_the_limit(
    client: TestClient, tokens: Headers, db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"col{i}" for i in range(500)) + "\n" + "1," * 499 + "1\n")
    job_id = upload(client, tokens["ops"], path)
    run_queued_jobs(db_url)
    job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=tokens["viewer"]).json()
    assert job["status"] == "failed"
    assert "has 500 columns, over the limit of 200" in job["error"]
    assert "DRAGONFLY_IMPORT_MAX_COLUMNS" in job["error"]
