"""The deadlines desk through the API: a judgment expiring in seven days is on it, largest
balance first, with its next step; filters by kind, county and court; acknowledge and snooze
with a reason, audited; malformed input refused naming the field; viewers read but never write."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]
# The tests' today is 2026-11-23: entered 2006-11-30, the judgment expires in seven days.
EXPIRING = date(2006, 11, 30)


def desk(client: TestClient, tokens: Headers, **query: object) -> dict[str, object]:
    response = client.get("/api/v1/desk", params=query, headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def dismiss(client: TestClient, headers: dict[str, str], **body: object):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/desk/dismissals", json=body, headers=headers)


@pytest.fixture
def expiring(db: psycopg.Connection) -> dict[str, int]:
    big = add_judgment(db, index_number="EXP-1/2006", principal="46468.93", entry_date=EXPIRING)
    small = add_judgment(db, index_number="EXP-2/2006", principal="1200.00",
                         entry_date=date(2006, 11, 27), county="QUEENS")  # fmt: skip
    later = add_judgment(db, index_number="EXP-3/2007", principal="90000.00",
                         entry_date=date(2007, 1, 15))  # fmt: skip
    return {"big": big, "small": small, "later": later}


def test_a_judgment_expiring_in_seven_days_is_on_the_desk_with_its_next_step(
    client: TestClient, tokens: Headers, expiring: dict[str, int]
) -> None:
    week = desk(client, tokens, window="next_7_days")
    expires = [i for i in week["items"] if i["name"] == "judgment_expires"]  # type: ignore[union-attr,index]
    assert [i["judgment_id"] for i in expires] == [expiring["big"], expiring["small"]]
    first = expires[0]
    assert first["due_on"] == "2026-11-30" and first["days_left"] == 7
    assert first["index_number"] == "EXP-1/2006" and "211(b)" in first["citation"]
    assert "acknowledgment" in first["next_step"]
    ids = {i["judgment_id"] for i in week["items"]}  # type: ignore[union-attr,index]
    assert expiring["later"] not in ids
    assert expiring["later"] in {
        i["judgment_id"]
        for i in desk(client, tokens, window="next_90_days")["items"]  # type: ignore[union-attr,index]
    }
    assert desk(client, tokens, window="today")["items"] == []
    # Filters: county and court (a kind of court), and kind.
    queens = desk(client, tokens, window="next_7_days", county="Queens")["items"]
    assert [i["judgment_id"] for i in queens] == [expiring["small"]]  # type: ignore[union-attr,index]
    assert queens[0]["county_name"] == "Queens"  # type: ignore[index]
    assert desk(client, tokens, window="next_7_days", court="SUP")["items"] == []
    assert len(desk(client, tokens, window="next_7_days", court="CIV")["items"]) == 2  # type: ignore[arg-type]
    only = desk(client, tokens, window="next_7_days", kind="satisfaction_piece_due")
    assert only["items"] == []


def test_acknowledge_and_snooze_take_a_deadline_off_the_desk_and_are_audited(
    client: TestClient, tokens: Headers, db: psycopg.Connection, expiring: dict[str, int]
) -> None:
    ack = dismiss(client, tokens["ops"], judgment_id=expiring["big"], name="judgment_expires",
                  due_on="2026-11-30", reason="counsel is suing on the judgment")  # fmt: skip
    assert ack.status_code == 201, ack.text
    snooze = dismiss(client, tokens["admin"], judgment_id=expiring["small"],
                     name="judgment_expires", due_on="2026-11-27", snoozed_until="2026-11-25",
                     reason="debtor promised to sign an acknowledgment")  # fmt: skip
    assert snooze.status_code == 201, snooze.text
    assert desk(client, tokens, window="next_7_days")["items"] == []
    shown = client.get(f"/api/v1/judgments/{expiring['small']}", headers=tokens["viewer"])
    sentences = [e["sentence"] for e in shown.json()["audit"]]
    assert sentences[-1] == (
        "Deadline judgment expires due 2026-11-27 snoozed until 2026-11-25 by admin@example.com: "
        "debtor promised to sign an acknowledgment."
    )
    audited = db.execute(
        "select action, actor from audit_events where action like 'desk.%' order by id"
    ).fetchall()
    assert audited == [
        ("desk.acknowledge", "ops@example.com"), ("desk.snooze", "admin@example.com")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"name": "lien_expires", "due_on": "2026-11-30"}, "reason", "required"),
        ({"name": "lien_expires", "due_on": "2026-11-30", "reason": ""}, "reason", "at least 1"),
        ({"name": "lien_expires", "due_on": "2026-11-30", "reason": "   "}, "reason", "reason"),
        ({"name": "nap", "due_on": "2026-11-30", "reason": "x"}, "name", "must be one of"),
        ({"name": "lien_expires", "due_on": "30/11/2026", "reason": "x"}, "due_on", "date"),
        ({"name": "lien_expires", "due_on": "2026-11-30", "reason": "x",
          "snoozed_until": "2026-11-23"}, "snoozed_until", "after today"),
        ({"name": "answer_due", "due_on": "2026-11-30", "reason": "x", "action_id": 424242},
         "action_id", "not an action of judgment"),
    ],
)  # fmt: skip
def test_malformed_dismissals_are_refused_naming_the_field(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    expiring: dict[str, int],
    body: dict[str, object],
    field: str,
    words: str,
) -> None:
    response = dismiss(client, tokens["ops"], judgment_id=expiring["big"], **body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["details"]["errors"][0]["field"] == field
    assert words in str(error)
    assert db.execute("select count(*) from desk_dismissals").fetchone() == (0,)
    assert db.execute(
        "select count(*) from audit_events where action like 'desk.%'"
    ).fetchone() == (0,)


@pytest.mark.parametrize(
    ("query", "field"),
    [({"window": "next_week"}, "window"), ({"kind": "nap"}, "kind"),
     ({"county": "Gotham"}, "county"), ({"page": 0}, "page")],
)  # fmt: skip
def test_malformed_desk_queries_are_refused_naming_the_field(
    client: TestClient, tokens: Headers, query: dict[str, object], field: str
) -> None:
    response = client.get("/api/v1/desk", params=query, headers=tokens["viewer"])
    assert response.status_code == 422, response.text
    # Validation names it query.<name>; the service the bare name, as elsewhere.
    assert error_of(response)["details"]["errors"][0]["field"].removeprefix("query.") == field


def test_a_viewer_reads_the_desk_but_cannot_dismiss(
    client: TestClient, tokens: Headers, db: psycopg.Connection, expiring: dict[str, int]
) -> None:
    refused = dismiss(client, tokens["viewer"], judgment_id=expiring["big"],
                      name="judgment_expires", due_on="2026-11-30", reason="x")  # fmt: skip
    assert refused.status_code == 403
    assert db.execute("select count(*) from desk_dismissals").fetchone() == (0,)
    missing = dismiss(client, tokens["ops"], judgment_id=999_999, name="judgment_expires",
                      due_on="2026-11-30", reason="x")  # fmt: skip
    assert missing.status_code == 404


def test_my_desk_shows_only_what_i_own_and_an_action_falls_to_its_judgments_owner(
    client: TestClient, tokens: Headers, db: psycopg.Connection, expiring: dict[str, int]
) -> None:
    assign = client.put(f"/api/v1/judgments/{expiring['big']}/owner",
                        json={"owner": "OPS@example.com"}, headers=tokens["admin"])  # fmt: skip
    assert assign.status_code == 200, assign.text
    assert assign.json() == {"owner": "ops@example.com", "judgment_id": expiring["big"],
                             "action_id": None}  # fmt: skip
    action = db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, served_on, due_on, created_by)"
        " values (%s, 'information_subpoena', 'served', '2026-11-18', '2026-11-25', 'test')"
        " returning id",
        (expiring["small"],),
    ).fetchone()[0]  # type: ignore[index]
    db.execute(
        "insert into action_deadlines (action_id, name, due_on) values (%s, 'answer_due',"
        " '2026-11-25')",
        (action,),
    )
    mine = client.get("/api/v1/desk", params={"owner": "me"}, headers=tokens["ops"]).json()
    assert [(i["judgment_id"], i["name"]) for i in mine["items"]] == [
        (expiring["big"], "judgment_expires")
    ]
    assert mine["items"][0]["owner"] == "ops@example.com"
    # The small judgment's action, assigned to admin; the judgment itself stays unowned.
    moved = client.put(f"/api/v1/actions/{action}/owner", json={"owner": "admin@example.com"},
                       headers=tokens["ops"])  # fmt: skip
    assert moved.status_code == 200, moved.text
    theirs = client.get("/api/v1/desk", params={"owner": "me"}, headers=tokens["admin"]).json()
    assert [(i["action_id"], i["name"]) for i in theirs["items"]] == [(action, "answer_due")]
    # Giving the judgment to admin too brings its own deadline to admin's desk.
    client.put(f"/api/v1/judgments/{expiring['small']}/owner", json={"owner": "admin@example.com"},
               headers=tokens["ops"])  # fmt: skip
    theirs = client.get("/api/v1/desk", params={"owner": "admin@example.com"},
                        headers=tokens["viewer"]).json()  # fmt: skip
    assert {i["name"] for i in theirs["items"]} == {"answer_due", "judgment_expires"}
    shown = client.get(f"/api/v1/judgments/{expiring['big']}", headers=tokens["viewer"]).json()
    assert shown["owner"] == "ops@example.com"
    sentences = [e["sentence"] for e in shown["audit"]]
    assert "Judgment assigned to ops@example.com by admin@example.com." in sentences
    # Unassigning is audited too.
    cleared = client.put(f"/api/v1/judgments/{expiring['big']}/owner", json={"owner": None},
                         headers=tokens["ops"])  # fmt: skip
    assert cleared.json()["owner"] is None
    audited = db.execute(
        "select count(*) from audit_events where action = 'judgment.owner'"
    ).fetchone()
    assert audited == (4,)


@pytest.mark.parametrize(
    ("owner", "words"),
    [("nobody@example.com", "not a user"), ("viewer@example.com", "only ops and admin"),
     ("x", "at least 3")],
)  # fmt: skip
def test_an_owner_must_be_an_ops_or_admin_user(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    expiring: dict[str, int],
    owner: str,
    words: str,
) -> None:
    response = client.put(f"/api/v1/judgments/{expiring['big']}/owner", json={"owner": owner},
                          headers=tokens["ops"])  # fmt: skip
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["details"]["errors"][0]["field"] == "owner" and words in str(error)
    assert db.execute("select count(*) from judgments where owner_id is not null").fetchone() == (
        0,
    )
    desk_query = client.get("/api/v1/desk", params={"owner": owner}, headers=tokens["viewer"])
    assert desk_query.status_code == 422


def test_a_viewer_cannot_assign_and_an_unknown_action_is_404(
    client: TestClient, tokens: Headers, db: psycopg.Connection, expiring: dict[str, int]
) -> None:
    refused = client.put(f"/api/v1/judgments/{expiring['big']}/owner",
                         json={"owner": "ops@example.com"}, headers=tokens["viewer"])  # fmt: skip
    assert refused.status_code == 403
    missing = client.put("/api/v1/actions/999999/owner", json={"owner": "ops@example.com"},
                         headers=tokens["ops"])  # fmt: skip
    assert missing.status_code == 404
    assert db.execute("select count(*) from audit_events where action = 'judgment.owner'"
                      ).fetchone() == (0,)  # fmt: skip


@pytest.mark.parametrize(
    "statement",
    ["update desk_dismissals set reason = 'changed'", "delete from desk_dismissals"],
)
def test_the_app_cannot_edit_or_delete_a_dismissal(
    db: psycopg.Connection, app_db_url: str, statement: str
) -> None:
    judgment = add_judgment(db, index_number="DESK-9/2006", entry_date=date(2006, 11, 30))
    db.execute(
        "insert into desk_dismissals (judgment_id, name, due_on, reason, created_by)"
        " values (%s, 'judgment_expires', '2026-11-30', 'called the debtor', 'test')",
        (judgment,),
    )
    db.execute("select dragonfly_grant_app_v2()")  # granting again keeps them append-only
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)
