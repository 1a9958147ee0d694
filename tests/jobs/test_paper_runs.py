"""Papers in bulk over HTTP: ops start a run, a worker makes it, anyone signed in follows it and
downloads the merged PDF and the zip; refusals are listed with their reasons; viewers cannot
start one; a run whose job dies reads as failed."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.support import error_of
from dragonfly.core.config import get_settings
from jobs.conftest import run_queued_jobs
from papers.conftest import PROFILE, pdf_text, person_judgment

Headers = dict[str, dict[str, str]]


def _profile(client: TestClient, tokens: Headers) -> None:
    assert client.put("/api/v1/firm-profile", json=PROFILE, headers=tokens["admin"]).is_success


def _start(client: TestClient, tokens: Headers, ids: list[int], who: str = "ops") -> int:
    response = client.post(
        "/api/v1/paper-runs",
        json={"kind": "income_execution", "judgment_ids": ids},
        headers=tokens[who],
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status_url"] == f"/api/v1/paper-runs/{body['id']}"
    return int(body["id"])


def test_a_run_makes_each_paper_merges_and_zips_them_and_lists_refusals(
    client: TestClient, tokens: Headers, db: psycopg.Connection, db_url: str
) -> None:
    _profile(client, tokens)
    good = [person_judgment(db, index_number=f"RUN-{n}/2024") for n in range(3)]
    no_employer = person_judgment(db, index_number="RUN-X/2024", employer=False)
    run_id = _start(client, tokens, [good[0], no_employer, good[1], good[2]])
    queued = client.get(f"/api/v1/paper-runs/{run_id}", headers=tokens["viewer"]).json()
    assert queued["status"] == "queued" and queued["progress"]["done"] == 0
    assert queued["merged_pdf"] is None and queued["progress"]["total"] == 4
    early = client.get(f"/api/v1/paper-runs/{run_id}/merged.pdf", headers=tokens["viewer"])
    assert early.status_code == 404 and "still running" in error_of(early)["message"]

    run_queued_jobs(db_url)

    run = client.get(f"/api/v1/paper-runs/{run_id}", headers=tokens["viewer"]).json()
    assert run["status"] == "succeeded", run
    assert run["progress"] | {"pages": 0} == {
        "total": 4,
        "done": 4,
        "made": 3,
        "refused": 1,
        "pages": 0,
    }
    assert [r["judgment_id"] for r in run["refusals"]] == [no_employer]
    assert run["refusals"][0]["index_number"] == "RUN-X/2024"
    assert "an employer or payor with a name and address" in run["refusals"][0]["reason"]

    merged = client.get(run["merged_pdf"], headers=tokens["viewer"])
    assert merged.status_code == 200 and merged.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(merged.content).hexdigest() == merged.headers["x-content-sha256"]
    assert len(PdfReader(io.BytesIO(merged.content)).pages) == run["progress"]["pages"]
    text = pdf_text(merged.content)
    # In the order chosen, the refused one left out.
    spots = [text.index(f"RUN-{n}/2024") for n in range(3)]
    assert spots == sorted(spots) and "RUN-X/2024" not in text

    archive = client.get(run["zip"], headers=tokens["viewer"])
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as bundle:
        names = bundle.namelist()
        assert names == [f"income_execution-judgment-{j}-v1.pdf" for j in good]
        assert "RUN-1/2024" in pdf_text(bundle.read(names[1]))
    papers = db.execute(
        "select count(*) from paper_documents where judgment_id = any(%s)", (good,)
    ).fetchone()
    assert papers is not None and papers[0] == 3


def test_a_viewer_cannot_start_a_run_and_bad_input_is_named(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment_id = person_judgment(db)
    denied = client.post(
        "/api/v1/paper-runs",
        json={"kind": "income_execution", "judgment_ids": [judgment_id]},
        headers=tokens["viewer"],
    )
    assert denied.status_code == 403
    for body in (
        {"kind": "income_execution", "judgment_ids": []},
        {"kind": "writ_of_mandamus", "judgment_ids": [judgment_id]},
        {"kind": "income_execution", "judgment_ids": ["x"]},
        {"kind": "income_execution", "judgment_ids": list(range(1, 2002))},
    ):
        bad = client.post("/api/v1/paper-runs", json=body, headers=tokens["ops"])
        assert bad.status_code == 422, body
    assert db.execute("select count(*) from paper_runs").fetchone() == (0,)
    missing = client.get("/api/v1/paper-runs/999", headers=tokens["viewer"])
    assert missing.status_code == 404


def test_a_run_where_every_paper_is_refused_has_nothing_to_download(
    client: TestClient, tokens: Headers, db: psycopg.Connection, db_url: str
) -> None:
    judgment_id = person_judgment(db, index_number="RUN-C/2024")  # no firm profile yet
    run_id = _start(client, tokens, [judgment_id])
    run_queued_jobs(db_url)
    run = client.get(f"/api/v1/paper-runs/{run_id}", headers=tokens["viewer"]).json()
    assert run["status"] == "succeeded" and run["progress"]["refused"] == 1
    assert "missing the firm profile's firm name" in run["refusals"][0]["reason"]
    assert run["merged_pdf"] is None and run["zip"] is None
    gone = client.get(f"/api/v1/paper-runs/{run_id}/papers.zip", headers=tokens["viewer"])
    assert gone.status_code == 404 and "no papers" in error_of(gone)["message"]


def test_a_run_that_cannot_go_on_fails_with_the_reason(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _profile(client, tokens)
    judgment_id = person_judgment(db, index_number="RUN-F/2024")
    run_id = _start(client, tokens, [judgment_id])
    monkeypatch.setenv("DRAGONFLY_PAPER_TEMPLATES", str(tmp_path / "gone"))
    get_settings.cache_clear()
    try:
        run_queued_jobs(db_url)
    finally:
        monkeypatch.delenv("DRAGONFLY_PAPER_TEMPLATES")
        get_settings.cache_clear()
    run = client.get(f"/api/v1/paper-runs/{run_id}", headers=tokens["viewer"]).json()
    assert run["status"] == "failed" and run["progress"]["done"] == 0
    assert "gone does not exist" in run["error"] and "Traceback" not in run["error"]
