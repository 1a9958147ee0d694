"""Plaintiffs, releases, the balance calculator and the rules table."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]


def test_plaintiffs_with_totals_and_call_queue(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    add_judgment(db, index_number="1/2024", plaintiff="Acme Funding", principal="5000.00")
    add_judgment(db, index_number="2/2024", plaintiff="Acme Funding", principal="7000.00")
    add_judgment(db, index_number="3/2024", plaintiff="Signed Client", principal="90000.00")
    db.execute("update plaintiffs set status = 'signed' where name = 'Signed Client'")
    listing = client.get("/api/v1/plaintiffs?q=acme", headers=tokens["viewer"]).json()
    assert listing["total"] == 1
    acme = listing["items"][0]
    assert acme["judgments"] == 2 and float(acme["total_balance"]) > 12000
    queue = client.get("/api/v1/plaintiffs/call-queue", headers=tokens["viewer"]).json()["items"]
    assert [p["name"] for p in queue] == ["Acme Funding"]  # signed clients need no call
    assert "2 judgments" in queue[0]["reason"]
    detail = client.get(f"/api/v1/plaintiffs/{acme['id']}", headers=tokens["viewer"]).json()
    assert sorted(j["index_number"] for j in detail["judgments"]) == ["1/2024", "2/2024"]
    bad = client.get("/api/v1/plaintiffs?status=vip", headers=tokens["viewer"])
    assert bad.status_code == 422


def test_releases_come_with_their_steps(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    run_id = db.execute(
        "insert into release_runs (commit_sha, author, branch, outcome, exit_code, failed_step)"
        " values ('abc123', 'dev', 'main', 'failed', 3, 'tests') returning id"
    ).fetchone()[0]  # type: ignore[index]
    db.execute(
        "insert into release_steps (run_id, position, name, status, message) values"
        " (%s, 1, 'preflight', 'success', ''), (%s, 2, 'tests', 'failed', '2 failed')",
        (run_id, run_id),
    )
    runs = client.get("/api/v1/releases", headers=tokens["viewer"]).json()
    assert runs["total"] == 1
    run = runs["items"][0]
    assert run["outcome"] == "failed" and run["failed_step"] == "tests"
    assert [(s["name"], s["status"]) for s in run["steps"]] == [
        ("preflight", "success"),
        ("tests", "failed"),
    ]
    one = client.get(f"/api/v1/releases/{run_id}", headers=tokens["viewer"]).json()
    assert one["id"] == run_id
    overview = client.get("/api/v1/overview", headers=tokens["viewer"]).json()
    assert overview["last_release"]["id"] == run_id


def test_release_json_keeps_its_exact_shape(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    run_id = db.execute(
        "insert into release_runs (commit_sha, author, branch, run_url, triggered_by, outcome,"
        " exit_code, failed_step, summary, started_at, finished_at, duration_ms) values"
        " ('abc123', 'dev', 'main', 'https://ci/1', 'push', 'warnings', 10, null, 'amber',"
        " '2026-11-20T10:00:00Z', '2026-11-20T10:01:00Z', 60000) returning id"
    ).fetchone()[0]  # type: ignore[index]
    db.execute(
        "insert into release_steps (run_id, position, name, status, message, started_at,"
        " duration_ms) values (%s, 1, 'Preflight', 'success', 'ok', '2026-11-20T10:00:00Z', 5)",
        (run_id,),
    )
    expected = {
        "id": run_id,
        "commit_sha": "abc123",
        "author": "dev",
        "branch": "main",
        "run_url": "https://ci/1",
        "outcome": "warnings",
        "exit_code": 10,
        "failed_step": None,
        "summary": "amber",
        "started_at": "2026-11-20T10:00:00Z",
        "finished_at": "2026-11-20T10:01:00Z",
        "duration_ms": 60000,
        "steps": [
            {
                "position": 1,
                "name": "Preflight",
                "status": "success",
                "message": "ok",
                "duration_ms": 5,
            }
        ],
    }
    viewer = tokens["viewer"]
    page = client.get("/api/v1/releases", headers=viewer).json()
    assert page == {"items": [expected], "total": 1, "page": 1, "page_size": 20}
    assert client.get(f"/api/v1/releases/{run_id}", headers=viewer).json() == expected
    assert client.get("/api/v1/overview", headers=viewer).json()["last_release"] == expected
    missing = client.get(f"/api/v1/releases/{run_id + 1}", headers=viewer)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == f"No release run with id {run_id + 1}."


def test_balance_calculator_matches_the_worked_check(client: TestClient, tokens: Headers) -> None:
    body = {
        "principal": "10000.00",
        "entered": "2020-01-01",
        "consumer": False,
        "payments": [{"on": "2021-01-01", "amount": "2000.00"}],
        "costs": [],
        "as_of": "2022-01-01",
    }
    response = client.post("/api/v1/balance", json=body, headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    assert response.json()["balance"] == "9703.69"
    consumer = {
        "principal": "5000.00",
        "entered": "2023-03-01",
        "consumer": True,
        "as_of": "2024-03-01",
    }
    assert (
        client.post("/api/v1/balance", json=consumer, headers=tokens["viewer"]).json()["balance"]
        == "5100.27"
    )


def test_balance_calculator_refuses_nonsense(client: TestClient, tokens: Headers) -> None:
    for body in (
        {},
        {"principal": "-1", "entered": "2020-01-01", "as_of": "2021-01-01"},
        {
            "principal": "100",
            "entered": "2020-01-01",
            "as_of": "2021-01-01",
            "payments": [{"on": "2019-01-01", "amount": "5"}],
        },
    ):
        response = client.post("/api/v1/balance", json=body, headers=tokens["viewer"])
        assert response.status_code == 422, body
        error_of(response)


def test_rules_table_carries_citations(client: TestClient, tokens: Headers) -> None:
    rules = client.get("/api/v1/rules", headers=tokens["viewer"]).json()["rules"]
    standard = next(r for r in rules if r["name"] == "interest_rate_standard")
    assert standard["value"] == "9" and "CPLR 5004" in standard["citation"]
    assert {r["kind"] for r in rules} == {"law", "policy"}


def test_import_history_and_rejected_rows(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    batch = db.execute(
        "insert into import_batches (filename, sha256, source, status, rows_read, inserted,"
        " rejected, finished_at) values ('v.csv', repeat('c', 64), 'simplicity26', 'completed',"
        " 3, 1, 2, now()) returning id"
    ).fetchone()[0]  # type: ignore[index]
    db.execute(
        "insert into rejected_rows (batch_id, line_number, reason_code, detail, raw) values"
        " (%s, 3, 'bad_amount', 'amount \"abc\" is not money', '{\"Amt\": \"abc\"}'),"
        " (%s, 2, 'missing_index', 'no index number', '{\"Index No\": \"\"}')",
        (batch, batch),
    )
    listed = client.get("/api/v1/imports", headers=tokens["viewer"]).json()
    assert listed["items"][0]["rejected"] == 2 and listed["items"][0]["source"] == "simplicity26"
    rejects = client.get(f"/api/v1/imports/{batch}/rejects", headers=tokens["viewer"]).json()
    assert [r["line_number"] for r in rejects["items"]] == [2, 3]
    assert rejects["items"][1]["raw"] == {"Amt": "abc"}
    csv_text = client.get(f"/api/v1/imports/{batch}/rejects.csv", headers=tokens["viewer"]).text
    # A batch recorded before header rows were kept: the columns its rows hold, then ours.
    assert csv_text.splitlines()[0] == "Amt,Index No,line,reason,detail"
    assert csv_text.splitlines()[2] == 'abc,,3,bad_amount,"amount ""abc"" is not money"'
    missing = client.get("/api/v1/imports/999/rejects.csv", headers=tokens["viewer"])
    assert missing.status_code == 404
