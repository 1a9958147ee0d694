"""Portfolio filters take counties and courts as people type them, and counties read as written."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of

Headers = dict[str, dict[str, str]]

COURTS = [  # index number, court code, court name, county
    ("1/2024", "SUP-KINGS", "Supreme Court, Kings County", "KINGS"),
    ("2/2024", "CIV-KINGS", "Civil Court of the City of New York, Kings County", "KINGS"),
    ("3/2024", "SUP-NEW_YORK", "Supreme Court, New York County", "NEW_YORK"),
    ("4/2024", "TOWN-ALBANY-BERNE", "Town of Berne Justice Court", "ALBANY"),
    ("5/2024", "DIST-NASSAU-2", "District Court, Nassau County, 2nd District", "NASSAU"),
    ("6/2024", "DIST-NASSAU", "District Court, Nassau County (district not stated)", "NASSAU"),
    ("7/2024", "SUP-ST_LAWRENCE", "Supreme Court, St. Lawrence County", "ST_LAWRENCE"),
]


@pytest.fixture
def courts(db: psycopg.Connection) -> None:
    for number, code, name, county in COURTS:
        judgment_id = add_judgment(db, index_number=number, county=county)
        db.execute(
            "update judgments set court_code = %s, court_name = %s where id = %s",
            (code, name, judgment_id),
        )


def _numbers(client: TestClient, tokens: Headers, query: str) -> list[str]:
    response = client.get(f"/api/v1/judgments?{query}&sort=index_number", headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    return [item["index_number"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("county=Kings", ["1/2024", "2/2024"]),
        ("county=Brooklyn", ["1/2024", "2/2024"]),
        ("county=KINGS", ["1/2024", "2/2024"]),
        ("county=New%20York", ["3/2024"]),
        ("county=manhattan", ["3/2024"]),
        ("county=St.%20Lawrence", ["7/2024"]),
        ("county=Saint%20Lawrence%20County", ["7/2024"]),
        ("court=Supreme", ["1/2024", "3/2024", "7/2024"]),
        ("court=supreme%20court", ["1/2024", "3/2024", "7/2024"]),
        ("court=Kings%20Supreme", ["1/2024"]),
        ("court=Kings%20Supreme&county=Queens", []),
        ("court=Supreme&county=Brooklyn", ["1/2024"]),
        ("court=Berne%20Town%20Court", ["4/2024"]),
        ("court=BERNE%20T.J.", ["4/2024"]),
        ("court=District", ["5/2024", "6/2024"]),
        ("court=Nassau%20District", ["5/2024", "6/2024"]),  # the lumped code too
        ("court=Nassau%20District%202nd%20District", ["5/2024"]),
        ("court=DIST-NASSAU-2", ["5/2024"]),
        ("court=Civil%20Court%20of%20the%20City%20of%20New%20York,%20Kings%20County", ["2/2024"]),
        ("court=Gotham%20Municipal%20Court", []),
    ],
)
def test_typed_county_and_court_filters(
    client: TestClient, tokens: Headers, courts: None, query: str, expected: list[str]
) -> None:
    assert _numbers(client, tokens, query) == expected


def test_an_unknown_county_is_refused_naming_the_field(
    client: TestClient, tokens: Headers, courts: None
) -> None:
    response = client.get("/api/v1/judgments?county=Gotham", headers=tokens["viewer"])
    assert response.status_code == 422
    error = error_of(response)
    assert error["details"]["errors"][0]["field"] == "county"
    assert "'Gotham' is not a New York county" in error["message"]


def test_counties_are_shown_as_people_write_them(
    client: TestClient, tokens: Headers, courts: None
) -> None:
    items = client.get("/api/v1/judgments?county=New%20York", headers=tokens["viewer"]).json()
    assert items["items"][0]["county_name"] == "New York"
    detail = client.get(
        f"/api/v1/judgments/{items['items'][0]['id']}", headers=tokens["viewer"]
    ).json()
    assert detail["judgment"]["county_name"] == "New York"


def test_pick_lists_come_from_the_registry(client: TestClient, tokens: Headers) -> None:
    vocab = client.get("/api/v1/vocabulary", headers=tokens["viewer"]).json()
    assert len(vocab["counties"]) == 62 and "St. Lawrence" in vocab["counties"]
    assert vocab["court_kinds"]["SUP"] == "Supreme Court"
    got = client.get("/api/v1/courts?county=Brooklyn&kind=Supreme", headers=tokens["viewer"])
    assert [c["code"] for c in got.json()] == ["SUP-KINGS"]
    towns = client.get("/api/v1/courts?county=albany&kind=town", headers=tokens["viewer"]).json()
    assert len(towns) == 10 and {c["county"] for c in towns} == {"Albany"}
    for query, field in (("county=Atlantis", "county"), ("kind=Municipal", "kind")):
        response = client.get(f"/api/v1/courts?{query}", headers=tokens["viewer"])
        assert response.status_code == 422
        assert error_of(response)["details"]["errors"][0]["field"] == field
    assert client.get("/api/v1/courts").status_code == 401


def test_an_export_with_an_unknown_county_is_refused_before_it_starts(
    client: TestClient, tokens: Headers
) -> None:
    response = client.get("/api/v1/judgments/export.csv?county=Gotham", headers=tokens["viewer"])
    assert response.status_code == 422
    assert error_of(response)["details"]["errors"][0]["field"] == "county"
