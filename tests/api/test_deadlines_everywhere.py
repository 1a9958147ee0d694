"""The desk, the calendar feed and the daily digest read one deadline query: built by different
features, they must show the same action deadlines (the notice to the debtor, the levy's ninety
days), leave out the same dismissed ones, and offer the same lien step; and confirming that a
paper was served must put its action's deadline on all three."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from icalendar import Calendar

from api.support import add_judgment
from api.test_action_deadlines import move, open_action
from dragonfly.services.alerts.digest import compute_digest, deadlines_of_user
from dragonfly.services.desk import NO_LIEN_YET_STEP, deadlines_between
from papers.conftest import PROFILE, person_judgment

Headers = dict[str, dict[str, str]]
TODAY = date(2026, 11, 23)  # the pinned day
LEADS = (7, 30, 90)


def desk(client: TestClient, tokens: Headers) -> dict[tuple[str, int, str], str]:
    """The desk's next 90 days: (name, judgment, due day) -> next step."""
    page = client.get(
        "/api/v1/desk", params={"window": "next_90_days", "page_size": 200},
        headers=tokens["admin"],
    ).json()  # fmt: skip
    return {(i["name"], i["judgment_id"], i["due_on"]): i["next_step"] for i in page["items"]}


def calendar(client: TestClient, url: str) -> dict[tuple[str, int, str], str]:
    """The feed's events within the same 90 days, by the same key -> description."""
    response = client.get(url.split("testserver", 1)[1])
    assert response.status_code == 200, response.text
    found = {}
    for event in Calendar.from_ical(response.content).walk("VEVENT"):
        day = event.decoded("dtstart")
        if TODAY <= day <= date(2027, 2, 21):
            name, judgment, _ = str(event["uid"]).split("@")[0].rsplit("-", 2)
            found[(name, int(judgment), day.isoformat())] = str(event["description"])
    return found


def digest_counts(db: psycopg.Connection) -> dict[str, int]:
    """The digest's count of each kind over its bands up to 90 days."""
    counts: dict[str, int] = {}
    for band in compute_digest(db, LEADS, TODAY).bands:
        if band.key != "overdue":
            for kind in band.kinds:
                counts[kind.name] = counts.get(kind.name, 0) + kind.deadlines
    return counts


def test_desk_calendar_and_digest_agree_on_action_deadlines_and_the_lien_step(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    bank = add_judgment(db, index_number="ACT-2/2024", principal="25000.00")
    restraint = open_action(client, tokens, bank, "restraining_notice", "First Bank")
    move(client, tokens, restraint, "issued", "2026-11-20")
    move(client, tokens, restraint, "served", "2026-11-22")  # debtor notice due 2026-11-27
    execution = open_action(client, tokens, bank, "property_execution", "First Bank")
    move(client, tokens, execution, "issued", "2026-09-27")
    move(client, tokens, execution, "served", "2026-09-28")  # levy void after 2026-12-27
    # A Civil Court judgment expiring within 90 days, its debtor owning real property.
    lower = add_judgment(db, index_number="CV-9/2007", principal="12000.00",
                         entry_date=date(2007, 1, 15), debtor="Lot Owner")  # fmt: skip
    debtor = client.get(f"/api/v1/judgments/{lower}", headers=tokens["viewer"]).json()
    assert client.post(
        f"/api/v1/debtors/{debtor['judgment']['debtor']['id']}/assets",
        json={"kind": "real_property", "name": "12 Elm St", "source": "subpoena_answer",
              "learned_on": "2026-11-20", "address": "12 Elm St, Brooklyn, NY 11201"},
        headers=tokens["ops"],
    ).is_success  # fmt: skip
    feed = client.post("/api/v1/calendar-feed", json={"scope": "all"}, headers=tokens["admin"])
    assert feed.status_code == 201, feed.text
    url = feed.json()["url"]

    on_desk, in_calendar = desk(client, tokens), calendar(client, url)
    expected = {
        ("debtor_notice_due", bank, "2026-11-27"),
        ("return_due", bank, "2026-11-27"),
        ("levy_void", bank, "2026-12-27"),
    }
    assert expected <= set(on_desk)
    assert set(in_calendar) == set(on_desk)
    names = [name for name, _, _ in on_desk]
    assert digest_counts(db) == {name: names.count(name) for name in set(names)}
    # The lien step beside the lower court's deadline, on the desk and in the calendar alike.
    (lien_key,) = [key for key in on_desk if key[1] == lower]
    assert NO_LIEN_YET_STEP in on_desk[lien_key] and NO_LIEN_YET_STEP in in_calendar[lien_key]
    # ... and in the owner's digest email, which reads the same items.
    admin_id = db.execute("select id from users where email = 'admin@example.com'").fetchone()[0]  # type: ignore[index]
    db.execute("update judgments set owner_id = %s where id = %s", (admin_id, lower))
    mine = deadlines_of_user(db, admin_id, LEADS, TODAY)
    assert [item.no_lien_yet for item in mine.upcoming] == [True]

    # Dismissed on the desk: gone from all three.
    done = client.post(
        "/api/v1/desk/dismissals",
        json={"judgment_id": bank, "action_id": restraint, "name": "debtor_notice_due",
              "due_on": "2026-11-27", "reason": "notice mailed"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert done.status_code == 201, done.text
    on_desk = desk(client, tokens)
    assert ("debtor_notice_due", bank, "2026-11-27") not in on_desk
    assert set(calendar(client, url)) == set(on_desk)
    assert "debtor_notice_due" not in digest_counts(db)


def test_confirming_a_paper_served_puts_its_actions_deadline_on_the_desk_calendar_and_digest(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    assert client.put("/api/v1/firm-profile", json=PROFILE, headers=tokens["admin"]).is_success
    judgment = person_judgment(db)
    made = client.post(
        f"/api/v1/judgments/{judgment}/papers", json={"kind": "information_subpoena_debtor"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert made.status_code == 201, made.text
    paper: dict[str, Any] = made.json()
    feed = client.post("/api/v1/calendar-feed", json={"scope": "all"}, headers=tokens["admin"])
    url = feed.json()["url"]
    assert not [key for key in desk(client, tokens) if key[0] == "answer_due"]
    served = client.post(
        f"/api/v1/papers/{paper['id']}/served", json={"how": "served", "on": "2026-11-23"},
        headers=tokens["ops"],
    )  # fmt: skip
    assert served.status_code == 201, served.text
    stored = db.execute(
        "select name, due_on from action_deadlines where action_id = %s", (paper["action_id"],)
    ).fetchall()
    assert [name for name, _ in stored] == ["answer_due"]
    key = ("answer_due", judgment, stored[0][1].isoformat())
    assert key in desk(client, tokens) and key in calendar(client, url)
    assert digest_counts(db).get("answer_due") == 1
    items = deadlines_between(db, TODAY, date(2027, 2, 21), kinds=["answer_due"], today=TODAY)
    assert [(i.action_id, i.judgment_id) for i in items] == [(paper["action_id"], judgment)]
