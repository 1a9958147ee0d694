"""Action deadlines on the desk from the steps recorded through the API: the notice to the debtor
four days after a bank is served (CPLR 5222(d)), the execution's return (5230(c)) and the levy's
ninety days (5232(a)); each stored as the action moves and gone once met or closed. The next best
action names the step that saves a judgment near expiry, and the transcript a lower court's
judgment needs for a lien on known real property."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]


def open_action(
    client: TestClient, tokens: Headers, judgment: int, kind: str, third_party: str | None
) -> int:
    response = client.post(
        f"/api/v1/judgments/{judgment}/actions",
        json={"kind": kind, "third_party": third_party},
        headers=tokens["ops"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def move(client: TestClient, tokens: Headers, action: int, to_state: str, on: str | None) -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"/api/v1/actions/{action}/transition",
        json={"to_state": to_state, "on": on},
        headers=tokens["ops"],
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def desk_rows(
    client: TestClient, tokens: Headers, window: str
) -> list[tuple[int | None, str, str]]:
    page = client.get("/api/v1/desk", params={"window": window}, headers=tokens["viewer"]).json()
    return [(i["action_id"], i["name"], i["due_on"]) for i in page["items"] if i["action_id"]]


@pytest.fixture
def judgment(db: psycopg.Connection) -> int:
    return add_judgment(db, index_number="ACT-1/2024", principal="25000.00")


def test_a_bank_restraint_served_on_a_sunday_puts_the_debtor_notice_after_thanksgiving(
    client: TestClient, tokens: Headers, judgment: int, db: psycopg.Connection
) -> None:
    action = open_action(client, tokens, judgment, "restraining_notice", "First Bank")
    move(client, tokens, action, "issued", "2026-11-20")
    served = move(client, tokens, action, "served", "2026-11-22")
    # Sunday + 4 = Thursday 2026-11-26, Thanksgiving: the last day is Friday 2026-11-27.
    assert served["due_on"] == "2026-11-27"
    assert (action, "debtor_notice_due", "2026-11-27") in desk_rows(client, tokens, "next_7_days")
    stored = db.execute(
        "select name, due_on from action_deadlines where action_id = %s order by due_on",
        (action,),
    ).fetchall()
    assert stored == [("debtor_notice_due", date(2026, 11, 27)),
                      ("restraint_lapses", date(2027, 11, 22))]  # fmt: skip
    shown = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    page_dates = {d["name"]: d["due_on"] for d in shown["deadlines"]}
    assert page_dates["debtor_notice_due"] == "2026-11-27"
    # Acknowledged once mailed: off the desk, the year of the restraint still counted.
    done = client.post(
        "/api/v1/desk/dismissals",
        json={"judgment_id": judgment, "action_id": action, "name": "debtor_notice_due",
              "due_on": "2026-11-27", "reason": "notice mailed 2026-11-23"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert done.status_code == 201, done.text
    assert desk_rows(client, tokens, "next_7_days") == []
    # Completed: nothing of it is due any more.
    move(client, tokens, action, "completed", "2026-11-23")
    assert db.execute(
        "select count(*) from action_deadlines where action_id = %s", (action,)
    ).fetchone() == (0,)


def test_an_execution_carries_its_return_and_the_levy_on_the_desk(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    action = open_action(client, tokens, judgment, "property_execution", "First Bank")
    move(client, tokens, action, "issued", "2026-09-27")
    # Issued 2026-09-27 + 60 days = Thanksgiving: returnable Friday 2026-11-27.
    assert (action, "return_due", "2026-11-27") in desk_rows(client, tokens, "next_7_days")
    served = move(client, tokens, action, "served", "2026-09-28")
    assert served["due_on"] == "2026-11-27"
    # Served on the bank 2026-09-28: the levy is void after 2026-12-27, a Sunday (not moved).
    month = desk_rows(client, tokens, "next_90_days")
    assert (action, "levy_void", "2026-12-27") in month
    levied = move(client, tokens, action, "levied", None)
    assert levied["due_on"] == "2026-11-27"
    assert {name for _, name, _ in desk_rows(client, tokens, "next_90_days")} == {
        "return_due", "levy_void",
    }  # fmt: skip


def test_answering_a_subpoena_takes_its_deadline_off_the_desk(
    client: TestClient, tokens: Headers, judgment: int
) -> None:
    action = open_action(client, tokens, judgment, "information_subpoena", "First Bank")
    move(client, tokens, action, "issued", "2026-11-19")
    move(client, tokens, action, "served", "2026-11-19")
    assert desk_rows(client, tokens, "next_7_days") == [(action, "answer_due", "2026-11-27")]
    move(client, tokens, action, "answered", "2026-11-23")
    assert desk_rows(client, tokens, "next_7_days") == []


def test_a_judgment_expiring_within_days_offers_the_step_that_saves_it(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="EXP-9/2006", principal="46468.93",
                            entry_date=date(2006, 11, 30))  # fmt: skip
    shown = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    advice = shown["next_best_action"]
    assert advice["action"] is None
    assert "2026-11-30" in advice["reason"] and "written acknowledgment" in advice["reason"]
    page = client.get("/api/v1/desk", params={"window": "next_7_days"},
                      headers=tokens["viewer"]).json()  # fmt: skip
    row = next(i for i in page["items"] if i["judgment_id"] == judgment)
    assert row["name"] == "judgment_expires" and "acknowledgment" in row["next_step"]


def test_a_lower_court_judgment_with_real_property_and_no_transcript_says_docket_one(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    # A Civil Court judgment (CIV-KINGS), expiring within 90 days so it is on the desk.
    judgment = add_judgment(db, index_number="CV-7/2007", principal="12000.00",
                            entry_date=date(2007, 1, 15))  # fmt: skip
    shown = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    debtor = shown["judgment"]["debtor"]["id"]

    def desk_step() -> str:
        page = client.get("/api/v1/desk", params={"window": "next_90_days"},
                          headers=tokens["viewer"]).json()  # fmt: skip
        return str(next(i["next_step"] for i in page["items"] if i["judgment_id"] == judgment))

    assert "No lien yet" not in desk_step()
    made = client.post(
        f"/api/v1/debtors/{debtor}/assets",
        json={"kind": "real_property", "name": "12 Elm St", "source": "subpoena_answer",
              "learned_on": "2026-11-20", "address": "12 Elm St, Brooklyn, NY 11201"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert made.status_code == 201, made.text
    assert "No lien yet: docket a transcript" in desk_step()
    # Beyond the expiry warning, the judgment page's next best action names the transcript.
    later = add_judgment(db, index_number="CV-8/2020", principal="8000.00",
                         entry_date=date(2020, 3, 2), debtor="Lot Owner")  # fmt: skip
    owner = client.get(f"/api/v1/judgments/{later}", headers=tokens["viewer"]).json()
    client.post(
        f"/api/v1/debtors/{owner['judgment']['debtor']['id']}/assets",
        json={"kind": "real_property", "name": "3 Oak Ave", "source": "subpoena_answer",
              "learned_on": "2026-11-20", "address": "3 Oak Ave, Brooklyn, NY 11201"},
        headers=tokens["ops"],
    )  # fmt: skip
    advice = client.get(f"/api/v1/judgments/{later}", headers=tokens["viewer"]).json()
    assert advice["next_best_action"]["reason"].startswith("No lien yet: docket a transcript")
    docketed = client.post(f"/api/v1/judgments/{later}/transcripts",
                           json={"county": "Kings", "docketed_on": "2021-01-04"},
                           headers=tokens["ops"])  # fmt: skip
    assert docketed.status_code == 201, docketed.text
    after = client.get(f"/api/v1/judgments/{later}", headers=tokens["viewer"]).json()
    assert "No lien yet" not in after["next_best_action"]["reason"]


def test_filing_the_satisfaction_piece_takes_its_deadline_off_the_desk_and_the_page(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="SAT-1/2024", principal="5000.00")
    early = client.post(f"/api/v1/judgments/{judgment}/satisfaction-filed",
                        json={"filed_on": "2026-11-20"}, headers=tokens["ops"])  # fmt: skip
    assert early.status_code == 409 and "not satisfied" in error_of(early)["message"]
    # Satisfied Friday 2026-11-06: +20 days is Thanksgiving, so the piece is due 2026-11-27.
    satisfied = client.post(
        f"/api/v1/judgments/{judgment}/status",
        json={"status": "satisfied", "reason": "paid in full", "on": "2026-11-06"},
        headers=tokens["ops"],
    )
    assert satisfied.status_code == 200, satisfied.text

    def on_desk() -> set[tuple[int, str]]:
        page = client.get("/api/v1/desk", params={"window": "next_7_days"},
                          headers=tokens["viewer"]).json()  # fmt: skip
        return {(i["judgment_id"], i["due_on"]) for i in page["items"]
                if i["name"] == "satisfaction_piece_due"}  # fmt: skip

    assert on_desk() == {(judgment, "2026-11-27")}
    page = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert "satisfaction_piece_due" in {d["name"] for d in page["deadlines"]}
    for bad, words in (("2026-11-05", "before the judgment was satisfied"),
                       ("2026-11-24", "in the future"), ("soon", "date")):  # fmt: skip
        refused = client.post(f"/api/v1/judgments/{judgment}/satisfaction-filed",
                              json={"filed_on": bad}, headers=tokens["ops"])  # fmt: skip
        assert refused.status_code == 422 and words in error_of(refused)["message"], refused.text
    viewer = client.post(f"/api/v1/judgments/{judgment}/satisfaction-filed",
                         json={"filed_on": "2026-11-20"}, headers=tokens["viewer"])  # fmt: skip
    assert viewer.status_code == 403
    filed = client.post(f"/api/v1/judgments/{judgment}/satisfaction-filed",
                        json={"filed_on": "2026-11-20"}, headers=tokens["ops"])  # fmt: skip
    assert filed.status_code == 200, filed.text
    assert filed.json()["satisfaction_filed_on"] == "2026-11-20"
    assert on_desk() == set()
    page = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"]).json()
    assert "satisfaction_piece_due" not in {d["name"] for d in page["deadlines"]}
    assert page["audit"][-1]["sentence"] == (
        "Satisfaction piece filed on 2026-11-20 recorded by ops@example.com (satisfied 2026-11-06)."
    )
    assert db.execute(
        "select satisfaction_due_on from judgment_values where judgment_id = %s", (judgment,)
    ).fetchone() == (None,)


def test_rescore_stores_the_deadlines_of_actions_recorded_before_and_the_sweep_drops_them(
    db: psycopg.Connection, judgment: int
) -> None:
    from dragonfly.services.deadlines import sweep_deadlines
    from dragonfly.services.enforcement import refresh_action_deadlines

    # Steps recorded before the action_deadlines table: no rows, only the old due_on.
    rows = db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, third_party, issued_on,"
        " served_on, due_on, created_by) values"
        " (%s, 'restraining_notice', 'served', 'First Bank', '2026-11-18', '2026-11-19',"
        "  '2027-11-19', 'test'),"
        " (%s, 'restraining_notice', 'served', 'Second Bank', '2025-11-10', '2025-11-12',"
        "  '2026-11-12', 'test'),"
        " (%s, 'information_subpoena', 'answered', 'Third Bank', '2026-11-02', '2026-11-02',"
        "  null, 'test') returning id",
        (judgment, judgment, judgment),
    ).fetchall()
    fresh, lapsed, answered = (int(r[0]) for r in rows)
    assert refresh_action_deadlines(db) == 2
    stored = db.execute(
        "select action_id, name, due_on from action_deadlines order by action_id, due_on"
    ).fetchall()
    # Served Thursday 2026-11-19 + 4 = Monday 2026-11-23; the year from service, unmoved.
    assert stored == [
        (fresh, "debtor_notice_due", date(2026, 11, 23)),
        (fresh, "restraint_lapses", date(2027, 11, 19)),
        (lapsed, "debtor_notice_due", date(2025, 11, 17)),
        (lapsed, "restraint_lapses", date(2026, 11, 12)),
    ]
    assert answered not in {row[0] for row in stored}
    due_on = db.execute("select due_on from enforcement_actions where id = %s", (fresh,)).fetchone()
    assert due_on == (date(2026, 11, 23),)
    # The nightly sweep ends the lapsed restraint, and its deadlines with it.
    assert sweep_deadlines(db, date(2026, 11, 23))["restraints_lapsed"] == 1
    left = db.execute("select distinct action_id from action_deadlines").fetchall()
    assert left == [(fresh,)]
