"""Portfolio and plaintiff search find a name however it was typed, and refuse what finds no one."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.support import add_judgment, error_of
from dragonfly.services.judgments import portfolio

Headers = dict[str, dict[str, str]]


@pytest.fixture
def names(db: psycopg.Connection) -> None:
    add_judgment(db, index_number="1/2024", debtor="Seán O'Brien")
    add_judgment(db, index_number="2/2024", debtor="PEÑA, MARÍA")
    add_judgment(db, index_number="3/2024", debtor="Tyrone Jackson")
    add_judgment(db, index_number="4/2024", debtor="JACKSON, TYRONE M.")
    add_judgment(db, index_number="5/2024", debtor="Jack Tyson", plaintiff="O Brien Capital")
    add_judgment(db, index_number="6/2024", debtor="Maria Penalver")


def found(client: TestClient, tokens: Headers, q: str) -> list[str]:
    response = client.get("/api/v1/judgments", params={"q": q}, headers=tokens["viewer"])
    assert response.status_code == 200, response.text
    return sorted(item["index_number"] for item in response.json()["items"])


SEARCHES = {
    "OBrien": ["1/2024", "5/2024"],  # the debtor O'Brien and the plaintiff O Brien Capital
    "O'Brien": ["1/2024", "5/2024"],
    "o brien": ["1/2024", "5/2024"],
    "O’BRIEN": ["1/2024", "5/2024"],  # a typographic apostrophe
    "Sean OBrien": ["1/2024"],
    "Pena": ["2/2024", "6/2024"],  # Penalver holds 'pena' too, as 'pen' finds Peña
    "Peña": ["2/2024", "6/2024"],
    "Maria Peña": ["2/2024", "6/2024"],
    "Peña, María": ["2/2024", "6/2024"],
    "Jackson, Tyrone": ["3/2024", "4/2024"],  # "Last, First" finds First Last, and the reverse
    "Tyrone Jackson": ["3/2024", "4/2024"],
    "tyrone m jackson": ["4/2024"],
    "Jackson Tyson": [],  # every word must be in one name
    "2/2024": ["2/2024"],  # index numbers are still found
}


@pytest.mark.parametrize(("q", "expected"), SEARCHES.items())
def test_a_name_is_found_however_it_is_typed(
    client: TestClient, tokens: Headers, names: None, q: str, expected: list[str]
) -> None:
    assert found(client, tokens, q) == expected


def test_a_broad_search_folds_names_the_same_way(
    client: TestClient, tokens: Headers, names: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past BROAD_MATCHES the page is read row by row along the sort: same answers."""
    monkeypatch.setattr(portfolio, "BROAD_MATCHES", -1)
    for q, expected in SEARCHES.items():
        assert found(client, tokens, q) == expected, q


def test_a_blank_search_is_no_search(client: TestClient, tokens: Headers, names: None) -> None:
    assert len(found(client, tokens, "")) == 6
    assert len(found(client, tokens, "   ")) == 6


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("%", "letter or digit"),
        ("' - ,", "letter or digit"),
        ("a " * 13, "at most 12 words"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_a_search_that_can_find_no_one_is_a_422_naming_the_field(
    client: TestClient, tokens: Headers, q: str, message: str
) -> None:
    for path in ("/api/v1/judgments", "/api/v1/judgments/export.csv", "/api/v1/plaintiffs"):
        response = client.get(path, params={"q": q}, headers=tokens["viewer"])
        assert response.status_code == 422, (path, q)
        errors = error_of(response)["details"]["errors"]
        assert [e["field"].removeprefix("query.") for e in errors] == ["q"], errors
        assert message in errors[0]["message"]


def test_the_plaintiffs_list_folds_names_the_same_way(
    client: TestClient, tokens: Headers, names: None
) -> None:
    def plaintiffs(q: str) -> list[str]:
        response = client.get("/api/v1/plaintiffs", params={"q": q}, headers=tokens["viewer"])
        assert response.status_code == 200, response.text
        return [p["name"] for p in response.json()["items"]]

    assert plaintiffs("OBrien") == ["O Brien Capital"]
    assert plaintiffs("capital, o'brien") == ["O Brien Capital"]
    assert plaintiffs("acme") == ["Acme Funding"]


def test_the_search_is_served_by_the_trigram_indexes(db: psycopg.Connection) -> None:
    """With walks of a table or of its primary key priced out (as they are on a large table),
    the planner can still answer: the folded words are constants the trigram indexes take,
    not a function run on every row."""
    where, params = portfolio._where(portfolio.JudgmentFilters(q="Jackson, O'Brien"))
    db.execute("set enable_seqscan = off")
    db.execute("set enable_indexscan = off")
    plan = "\n".join(
        r[0]
        for r in db.execute(
            b"explain select 1 from valued_judgments j " + where.as_bytes(db), params
        )
    )
    assert "debtors_search_name_trgm" in plan and "plaintiffs_search_name_trgm" in plan, plan
    assert "'%jackson%'" in plan and "'%obrien%'" in plan, plan
