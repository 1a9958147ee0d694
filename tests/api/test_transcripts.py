"""Transcripts of judgment docketed with a county clerk (CPLR 5018(a)) through the API: a lower
court's judgment has no lien until one is docketed, then its lien dates run from it; audited as a
sentence, one per county, refused plainly when malformed, and never by a viewer."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]
ENTERED = date(2018, 5, 7)


def docket(client: TestClient, headers: dict[str, str], judgment: int, **body: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/judgments/{judgment}/transcripts", json=body, headers=headers)


def detail(client: TestClient, tokens: Headers, judgment: int) -> dict[str, object]:
    response = client.get(f"/api/v1/judgments/{judgment}", headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def deadline_names(shown: dict[str, object]) -> dict[str, str]:
    return {d["name"]: d["due_on"] for d in shown["deadlines"]}  # type: ignore[union-attr,index]


def test_a_civil_court_judgment_has_a_lien_only_once_a_transcript_is_docketed(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="CV-1/2018", entry_date=ENTERED)  # CIV-KINGS
    before = detail(client, tokens, judgment)
    assert before["lien"]["docketed_on"] is None  # type: ignore[index]
    assert "docket a transcript" in before["lien"]["reason"].lower()  # type: ignore[index]
    assert "5018(a)" in before["lien"]["reason"]  # type: ignore[index]
    assert "lien_expires" not in deadline_names(before)
    made = docket(client, tokens["ops"], judgment, county="queens", docketed_on="2019-03-04",
                  note="docket 2019-0442")  # fmt: skip
    assert made.status_code == 201, made.text
    answer = made.json()
    assert answer["transcript"]["county_code"] == "QUEENS"
    assert answer["lien"]["docketed_on"] == "2019-03-04" and answer["lien"]["reason"] is None
    after = detail(client, tokens, judgment)
    assert deadline_names(after)["lien_expires"] == "2029-03-04"
    assert deadline_names(after)["lien_renewal_window_opens"] == "2028-03-04"
    stored = db.execute(
        "select lien_docketed_on, lien_lapses_on from judgment_values where judgment_id = %s",
        (judgment,),
    ).fetchone()
    assert stored == (date(2019, 3, 4), date(2029, 3, 4))
    event = after["audit"][-1]  # type: ignore[index]
    assert event["action"] == "judgment.transcript" and event["actor"] == "ops@example.com"
    assert event["sentence"] == (
        "Transcript of judgment docketed in Queens County on 2019-03-04 (“docket 2019-0442”) "
        "recorded by ops@example.com; lien lapses 2029-03-04."
    )
    # One per county: a second Queens docketing is a conflict, another county is fine.
    again = docket(client, tokens["ops"], judgment, county="QUEENS", docketed_on="2020-01-02")
    assert again.status_code == 409, again.text
    assert "Queens County" in error_of(again)["message"]
    other = docket(client, tokens["admin"], judgment, county="Bronx", docketed_on="2020-01-02")
    assert other.status_code == 201, other.text
    # The Queens lien lapses first, so its dates are still the ones shown.
    assert deadline_names(detail(client, tokens, judgment))["lien_expires"] == "2029-03-04"


def test_a_supreme_court_judgment_is_a_lien_from_entry(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="SU-2/2018", entry_date=ENTERED)
    db.execute("update judgments set court_code = 'SUP-KINGS' where id = %s", (judgment,))
    shown = detail(client, tokens, judgment)
    assert shown["lien"]["docketed_on"] == "2018-05-07"  # type: ignore[index]
    assert shown["lien"]["needs_transcript"] is False  # type: ignore[index]
    assert deadline_names(shown)["lien_expires"] == "2028-05-07"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"county": "Kings", "docketed_on": "2018-05-06"}, "docketed_on", "before the judgment's"),
        ({"county": "Kings", "docketed_on": "2026-11-24"}, "docketed_on", "in the future"),
        ({"county": "Kings", "docketed_on": "07/05/2019"}, "docketed_on", "date"),
        ({"county": "Kings"}, "docketed_on", "required"),
        ({"county": "Gotham", "docketed_on": "2019-03-04"}, "county", "not a New York county"),
        ({"county": "", "docketed_on": "2019-03-04"}, "county", "at least 1"),
        ({"docketed_on": "2019-03-04"}, "county", "required"),
        ({"county": "Kings", "docketed_on": "2019-03-04", "note": "x" * 1001}, "note", "1000"),
    ],
)
def test_malformed_transcripts_are_refused_naming_the_field(
    client: TestClient,
    tokens: Headers,
    db: psycopg.Connection,
    body: dict[str, object],
    field: str,
    words: str,
) -> None:
    judgment = add_judgment(db, index_number="CV-3/2018", entry_date=ENTERED)
    response = docket(client, tokens["ops"], judgment, **body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["details"]["errors"][0]["field"] == field
    assert words in str(error)
    assert db.execute("select count(*) from judgment_transcripts").fetchone() == (0,)
    audited = "select count(*) from audit_events where action = 'judgment.transcript'"
    assert db.execute(audited).fetchone() == (0,)


def test_a_viewer_cannot_record_a_transcript_and_an_unknown_judgment_is_404(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="CV-4/2018", entry_date=ENTERED)
    refused = docket(client, tokens["viewer"], judgment, county="Kings", docketed_on="2019-03-04")
    assert refused.status_code == 403
    assert db.execute("select count(*) from judgment_transcripts").fetchone() == (0,)
    missing = docket(client, tokens["ops"], 999_999, county="Kings", docketed_on="2019-03-04")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "statement",
    ["update judgment_transcripts set docketed_on = '2024-01-01'",
     "delete from judgment_transcripts"],
)  # fmt: skip
def test_the_app_cannot_edit_or_delete_a_transcript(
    db: psycopg.Connection, app_db_url: str, statement: str
) -> None:
    judgment = add_judgment(db, index_number="CV-5/2018", entry_date=ENTERED)
    db.execute(
        "insert into judgment_transcripts (judgment_id, county_code, docketed_on, created_by)"
        " values (%s, 'KINGS', '2019-03-04', 'test')",
        (judgment,),
    )
    db.execute("select dragonfly_grant_app_v2()")  # granting again keeps them append-only
    with psycopg.connect(app_db_url) as app, pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)
