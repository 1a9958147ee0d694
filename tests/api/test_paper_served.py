"""Making a paper moves no action; confirming it was served or mailed does, once, on a real day."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import error_of
from papers.conftest import PROFILE, person_judgment

Headers = dict[str, dict[str, str]]


def _paper(client: TestClient, tokens: Headers, db: psycopg.Connection) -> dict[str, object]:
    assert client.put("/api/v1/firm-profile", json=PROFILE, headers=tokens["admin"]).is_success
    judgment_id = person_judgment(db)
    made = client.post(
        f"/api/v1/judgments/{judgment_id}/papers",
        json={"kind": "information_subpoena_debtor"},
        headers=tokens["ops"],
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def _action(client: TestClient, tokens: Headers, action_id: object) -> dict[str, Any]:
    """The action as the judgment's page shows it."""
    paper_judgment = client.get("/api/v1/judgments?page_size=500", headers=tokens["viewer"])
    for item in paper_judgment.json()["items"]:
        detail = client.get(f"/api/v1/judgments/{item['id']}", headers=tokens["viewer"]).json()
        for action in detail["actions"]:
            if action["id"] == action_id:
                return dict(action)
    raise AssertionError(f"no action {action_id}")


def test_making_a_paper_leaves_its_action_where_it_was(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    paper = _paper(client, tokens, db)
    action = _action(client, tokens, paper["action_id"])
    assert action["state"] == "draft" and action["served_on"] is None
    again = client.post(
        f"/api/v1/judgments/{paper['judgment_id']}/papers",
        json={"kind": "information_subpoena_debtor"},
        headers=tokens["ops"],
    )
    assert again.json()["action_id"] == paper["action_id"]
    assert _action(client, tokens, paper["action_id"])["state"] == "draft"


def test_confirming_mailed_moves_the_action_to_served_with_its_dates_and_audit(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    paper = _paper(client, tokens, db)  # made as of 2026-11-23 (the pinned day)
    done = client.post(
        f"/api/v1/papers/{paper['id']}/served",
        json={"how": "mailed", "on": "2026-11-23"},
        headers=tokens["ops"],
    )
    assert done.status_code == 201, done.text
    assert done.json()["how"] == "mailed" and done.json()["created_by"] == "ops@example.com"
    action = _action(client, tokens, paper["action_id"])
    assert (action["state"], action["issued_on"], action["served_on"]) == (
        "served",
        "2026-11-23",
        "2026-11-23",
    )
    notes = [step["note"] for step in action["history"]]
    assert any("Mailed on 2026-11-23" in note for note in notes)
    audit = db.execute(
        "select actor, after->>'how' from audit_events where action = 'paper.served'"
    ).fetchall()
    assert audit == [("ops@example.com", "mailed")]


def test_confirming_twice_a_future_day_or_as_a_viewer_is_refused(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    paper = _paper(client, tokens, db)
    url = f"/api/v1/papers/{paper['id']}/served"
    future = client.post(url, json={"how": "served", "on": "2026-11-24"}, headers=tokens["ops"])
    assert future.status_code == 422 and "in the future" in error_of(future)["message"]
    before = client.post(url, json={"how": "served", "on": "2026-11-20"}, headers=tokens["ops"])
    assert before.status_code == 422 and "before the paper was made" in error_of(before)["message"]
    viewer = client.post(url, json={"how": "served", "on": "2026-11-23"}, headers=tokens["viewer"])
    assert viewer.status_code == 403
    bad = client.post(url, json={"how": "faxed", "on": "2026-11-23"}, headers=tokens["ops"])
    assert bad.status_code == 422
    assert _action(client, tokens, paper["action_id"])["state"] == "draft"
    first = client.post(url, json={"how": "served", "on": "2026-11-23"}, headers=tokens["ops"])
    assert first.status_code == 201
    twice = client.post(url, json={"how": "mailed", "on": "2026-11-23"}, headers=tokens["admin"])
    assert twice.status_code == 409
    assert "already confirmed served on 2026-11-23" in error_of(twice)["message"]
    confirmations = db.execute("select count(*) from paper_service_confirmations").fetchone()
    assert confirmations == (1,)
    missing = client.post(
        "/api/v1/papers/424242/served",
        json={"how": "served", "on": "2026-11-23"},
        headers=tokens["ops"],
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "statement",
    [
        "update paper_service_confirmations set done_on = '2026-11-01'",
        "delete from paper_service_confirmations",
        "delete from paper_run_judgments",
        "update paper_run_parts set part = 9",
    ],
)
def test_the_app_role_cannot_change_or_remove_a_confirmation_or_a_run_outcome(
    db: psycopg.Connection, app_db_url: str, statement: str
) -> None:
    db.execute("select dragonfly_grant_app_v2()")  # granting again keeps them append-only
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)
