"""The calendar feed: a user's deadlines as iCalendar all-day events at a URL holding a token,
read back with the icalendar library; stored only as a hash, revocable (404 after), admins alone
may subscribe to everything, no debtor names unless the setting says so, and the token never
reaches a log line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import psycopg
import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from api.support import add_judgment, error_of
from dragonfly.core.config import Settings

Headers = dict[str, dict[str, str]]


@pytest.fixture
def portfolio(db: psycopg.Connection, client: TestClient, tokens: Headers) -> dict[str, int]:
    """A judgment owned by ops expiring in seven days, and one nobody owns."""
    mine = add_judgment(db, index_number="EXP-1/2006", principal="46468.93",
                        entry_date=date(2006, 11, 30), debtor="Planted Debtor Name")  # fmt: skip
    other = add_judgment(db, index_number="EXP-3/2007", principal="90000.00",
                         entry_date=date(2007, 1, 15), debtor="Someone Else")  # fmt: skip
    assigned = client.put(f"/api/v1/judgments/{mine}/owner", json={"owner": "ops@example.com"},
                          headers=tokens["admin"])  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    return {"mine": mine, "other": other}


def make_feed(client: TestClient, headers: dict[str, str], scope: str = "mine") -> str:
    response = client.post("/api/v1/calendar-feed", json={"scope": scope}, headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["active"] is True and body["scope"] == scope
    return str(body["url"])


def fetch(client: TestClient, url: str):  # type: ignore[no-untyped-def]
    return client.get(urlsplit(url).path)


def events(client: TestClient, url: str) -> list[dict[str, object]]:
    response = fetch(client, url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return [
        {
            "uid": str(e["uid"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "summary": str(e["summary"]),
            "description": str(e["description"]),
            "url": str(e["url"]),
        }
        for e in calendar.walk("VEVENT")
    ]


def test_a_users_feed_holds_their_deadlines_as_all_day_events(
    client: TestClient, tokens: Headers, portfolio: dict[str, int], db: psycopg.Connection
) -> None:
    url = make_feed(client, tokens["ops"])
    assert urlsplit(url).path.startswith("/calendar/dfc_") and url.endswith(".ics")
    token = urlsplit(url).path.removeprefix("/calendar/").removesuffix(".ics")
    found = events(client, url)
    assert len(found) == 1  # only what ops owns
    event = found[0]
    assert event["start"] == date(2026, 11, 30) and event["end"] == date(2026, 12, 1)
    balance = db.execute(
        "select balance from judgment_values where judgment_id = %s", (portfolio["mine"],)
    ).fetchone()[0]  # type: ignore[index]
    assert event["summary"] == f"Judgment expires: EXP-1/2006 (${balance:,.2f} at stake)"
    assert event["uid"] == f"judgment_expires-{portfolio['mine']}-0@dragonfly"
    assert event["url"].endswith(f"/#/judgments/{portfolio['mine']}")
    assert "211(b)" in str(event["description"])
    # No debtor names by default: the feed lives in a third party's calendar.
    body = fetch(client, url).text
    assert "Planted Debtor Name" not in body and "Someone Else" not in body
    # The same UID on every fetch, so a calendar updates the event instead of adding one.
    assert [e["uid"] for e in events(client, url)] == [event["uid"]]
    # Only the token's hash is stored; the status never shows the address.
    stored = db.execute("select token_hash from calendar_feeds").fetchall()
    assert len(stored) == 1 and token not in stored[0][0] and len(stored[0][0]) == 64
    status = client.get("/api/v1/calendar-feed", headers=tokens["ops"]).json()
    assert status["active"] is True and "url" not in status and token not in str(status)


def test_revoking_or_replacing_a_feed_makes_its_address_404(
    client: TestClient, tokens: Headers, portfolio: dict[str, int]
) -> None:
    first = make_feed(client, tokens["ops"])
    second = make_feed(client, tokens["ops"])
    gone = fetch(client, first)
    assert gone.status_code == 404 and error_of(gone)["code"] == "not_found"
    assert fetch(client, second).status_code == 200
    revoked = client.delete("/api/v1/calendar-feed", headers=tokens["ops"])
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert fetch(client, second).status_code == 404
    assert client.get("/api/v1/calendar-feed", headers=tokens["ops"]).json()["active"] is False
    again = client.delete("/api/v1/calendar-feed", headers=tokens["ops"])
    assert again.status_code == 404 and "no calendar feed" in error_of(again)["message"]
    assert client.get("/calendar/dfc_not-a-real-token.ics").status_code == 404


def test_a_disabled_users_feed_stops_working(
    client: TestClient, tokens: Headers, portfolio: dict[str, int], db: psycopg.Connection
) -> None:
    url = make_feed(client, tokens["ops"])
    assert fetch(client, url).status_code == 200
    db.execute("update users set disabled = true where email = 'ops@example.com'")
    assert fetch(client, url).status_code == 404


def test_only_an_admin_subscribes_to_every_deadline(
    client: TestClient, tokens: Headers, portfolio: dict[str, int]
) -> None:
    refused = client.post("/api/v1/calendar-feed", json={"scope": "all"}, headers=tokens["ops"])
    assert refused.status_code == 403 and "admin" in error_of(refused)["message"]
    url = make_feed(client, tokens["admin"], scope="all")
    indexes = {str(e["summary"]).split(": ")[1].split(" ")[0] for e in events(client, url)}
    assert indexes == {"EXP-1/2006", "EXP-3/2007"}
    # An admin's own feed ("mine") holds nothing: admin owns nothing here.
    assert events(client, make_feed(client, tokens["admin"])) == []


def test_an_admin_made_ops_keeps_a_feed_of_only_their_own_deadlines(
    client: TestClient, tokens: Headers, portfolio: dict[str, int], db: psycopg.Connection
) -> None:
    url = make_feed(client, tokens["admin"], scope="all")
    assert len(events(client, url)) == 2
    db.execute("update users set role = 'ops' where email = 'admin@example.com'")
    db.execute(
        "update judgments set owner_id = (select id from users where email = 'admin@example.com')"
        " where id = %s",
        (portfolio["other"],),
    )
    indexes = {str(e["summary"]).split(": ")[1].split(" ")[0] for e in events(client, url)}
    assert indexes == {"EXP-3/2007"}  # what they own, no longer everyone's


def test_malformed_feed_requests_are_refused(client: TestClient, tokens: Headers) -> None:
    bad = client.post("/api/v1/calendar-feed", json={"scope": "everyone"}, headers=tokens["ops"])
    assert bad.status_code == 422
    assert "scope" in str(error_of(bad)["details"])
    assert client.post("/api/v1/calendar-feed", json={"scope": "mine"}).status_code == 401


def test_debtor_names_appear_only_when_the_setting_allows(
    client: TestClient, tokens: Headers, portfolio: dict[str, int], api_settings: Settings
) -> None:
    url = make_feed(client, tokens["ops"])
    client.app.state.settings = api_settings.model_copy(  # type: ignore[attr-defined]
        update={"dragonfly_calendar_debtor_names": True}
    )
    (event,) = events(client, url)
    assert str(event["summary"]).endswith("v. Planted Debtor Name")


@pytest.fixture
def dragonfly_stream(client: TestClient) -> Iterator[io.StringIO]:
    handler = next(
        h for h in logging.getLogger("dragonfly").handlers if getattr(h, "_dragonfly", False)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_the_feed_token_never_reaches_a_log_line(
    client: TestClient, tokens: Headers, portfolio: dict[str, int], dragonfly_stream: io.StringIO
) -> None:
    url = make_feed(client, tokens["ops"])
    token = urlsplit(url).path.removeprefix("/calendar/").removesuffix(".ics")
    assert fetch(client, url).status_code == 200
    logging.getLogger("dragonfly.api").warning("feed fetched from %s", url)
    client.delete("/api/v1/calendar-feed", headers=tokens["ops"])
    assert fetch(client, url).status_code == 404
    text = dragonfly_stream.getvalue()
    assert "GET /calendar/dfc_***.ics 200" in text and "GET /calendar/dfc_***.ics 404" in text
    assert token not in text and token[4:20] not in text
