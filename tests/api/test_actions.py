"""Enforcement actions through the API: create, move, refuse invalid moves, list what is due."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.core.clock import today_in_new_york

Headers = dict[str, dict[str, str]]


@pytest.fixture
def judgment(db: psycopg.Connection) -> int:
    return add_judgment(db, index_number="500/2024")


def open_action(client: TestClient, headers: dict[str, str], judgment: int, kind: str) -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"/api/v1/judgments/{judgment}/actions",
        json={"kind": kind, "third_party": "Chase Bank"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def move(client: TestClient, headers: dict[str, str], action: int, **body: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/actions/{action}/transition", json=body, headers=headers)


def test_a_subpoena_runs_its_course_with_history_and_deadline(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    action = open_action(client, tokens["ops"], judgment, "information_subpoena")
    assert action["state"] == "draft" and action["allowed_transitions"][0] == "issued"
    served_on = today_in_new_york() - timedelta(days=2)
    move(client, tokens["ops"], action["id"], to_state="issued", on=str(served_on))
    served = move(client, tokens["ops"], action["id"], to_state="served", on=str(served_on)).json()
    assert served["served_on"] == str(served_on)
    assert served["due_on"] >= str(served_on + timedelta(days=7))  # answer due served + 7 days
    assert served["allowed_transitions"] == ["answered", "failed", "expired", "cancelled"]
    assert [h["to_state"] for h in served["history"]] == ["draft", "issued", "served"]
    assert {h["actor"] for h in served["history"]} == {"ops@example.com"}
    detail = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert "answer_due" in {d["name"] for d in detail["deadlines"]}
    assert detail["audit"][-1]["action"] == "action.transition"


def test_an_invalid_move_is_409_with_the_allowed_states(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    action = open_action(client, tokens["ops"], judgment, "restraining_notice")
    response = move(client, tokens["ops"], action["id"], to_state="completed")
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "invalid_transition"
    assert error["details"]["state"] == "draft"
    assert error["details"]["allowed"] == ["issued", "failed", "expired", "cancelled"]
    state = db.execute("select state from enforcement_actions where id = %s", (action["id"],))
    assert state.fetchone() == ("draft",)


def test_due_and_overdue_lists(client: TestClient, tokens: Headers, judgment: int) -> None:
    late = open_action(client, tokens["ops"], judgment, "property_execution")
    move(
        client,
        tokens["ops"],
        late["id"],
        to_state="issued",
        on=str(today_in_new_york() - timedelta(days=90)),
    )
    soon = open_action(client, tokens["ops"], judgment, "information_subpoena")
    issued_on = today_in_new_york() - timedelta(days=4)
    move(client, tokens["ops"], soon["id"], to_state="issued", on=str(issued_on))
    move(
        client,
        tokens["ops"],
        soon["id"],
        to_state="served",
        on=str(today_in_new_york() - timedelta(days=3)),
    )
    overdue = client.get("/api/v1/actions?due=overdue", headers=tokens["viewer"]).json()
    assert [a["id"] for a in overdue["items"]] == [late["id"]]
    assert (
        overdue["items"][0]["days_left"] < 0 and overdue["items"][0]["index_number"] == "500/2024"
    )
    upcoming = client.get("/api/v1/actions?due=next_7_days", headers=tokens["viewer"]).json()
    assert [a["id"] for a in upcoming["items"]] == [soon["id"]]
    everything = client.get("/api/v1/actions", headers=tokens["viewer"]).json()
    assert everything["total"] == 2


@pytest.mark.parametrize("closed", ["completed", "failed", "expired", "cancelled"])
def test_a_closed_action_is_never_due_even_with_a_stale_due_date(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection, closed: str
) -> None:
    action = open_action(client, tokens["ops"], judgment, "restraining_notice")
    # As a sweep or an old import may leave it: closed, yet still carrying the date once due.
    db.execute(
        "update enforcement_actions set state = %s, due_on = %s where id = %s",
        (closed, today_in_new_york() - timedelta(days=1), action["id"]),
    )
    overdue = client.get("/api/v1/actions?due=overdue", headers=tokens["viewer"]).json()
    assert overdue["items"] == []
    listed = client.get(f"/api/v1/actions?state={closed}", headers=tokens["viewer"]).json()
    assert [a["id"] for a in listed["items"]] == [action["id"]]
    assert listed["items"][0]["allowed_transitions"] == []


@pytest.mark.parametrize(
    "body", [{}, {"kind": "arrest"}, {"kind": "demand_letter", "notes": "x" * 5000}]
)
def test_malformed_new_actions_are_422(
    client: TestClient, tokens: Headers, judgment: int, body: dict[str, object]
) -> None:
    response = client.post(
        f"/api/v1/judgments/{judgment}/actions", json=body, headers=tokens["ops"]
    )
    assert response.status_code == 422
    error_of(response)


def test_malformed_transitions_are_422_and_missing_actions_404(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    action = open_action(client, tokens["ops"], judgment, "demand_letter")
    for body in ({}, {"to_state": "flying"}, {"to_state": "issued", "on": "yesterday"}):
        response = move(client, tokens["ops"], action["id"], **body)
        assert response.status_code == 422, body
        error_of(response)
    assert move(client, tokens["ops"], 9999, to_state="issued").status_code == 404
    missing = client.post(
        "/api/v1/judgments/9999/actions", json={"kind": "demand_letter"}, headers=tokens["ops"]
    )
    assert missing.status_code == 404
