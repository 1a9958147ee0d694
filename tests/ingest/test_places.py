"""Counties, courts and value normalisation: the codes and keys judgments are stored under."""

from __future__ import annotations

import polars as pl
import psycopg
import pytest

from dragonfly.domain.index_numbers import index_number_norm
from dragonfly.ingest import normalise as norm
from dragonfly.ingest.places import COUNTIES, county_code, resolve_county, resolve_court


def _apply(expr: pl.Expr, values: list[str | None]) -> list[object]:
    return (
        pl.DataFrame({"v": values}, schema={"v": pl.String})
        .select(expr.alias("out"))["out"]
        .to_list()
    )


def test_all_62_counties_resolve_and_match_the_reference_table(db: psycopg.Connection) -> None:
    assert len(COUNTIES) == 62
    for name in COUNTIES:
        assert resolve_county(name) == county_code(name)
        assert resolve_county(f"{name.upper()} COUNTY") == county_code(name)
    stored = db.execute("select code, name, fips from ny_counties").fetchall()
    assert set(stored) == {(county_code(n), n, f) for n, f in COUNTIES.items()}


@pytest.mark.parametrize(
    ("text", "code"),
    [("Brooklyn", "KINGS"), ("Manhattan", "NEW_YORK"), ("Staten Island", "RICHMOND"),
     ("The Bronx", "BRONX"), ("new york", "NEW_YORK"), ("Saint Lawrence", "ST_LAWRENCE"),
     ("Gotham", None), ("", None)],
)  # fmt: skip
def test_borough_aliases_and_unknown_counties(text: str, code: str | None) -> None:
    assert resolve_county(text) == code


@pytest.mark.parametrize(
    ("text", "county", "code"),
    [
        ("Kings County Civil Court", None, "CIV-KINGS"),
        ("Civil Court of the City of New York, Bronx County", None, "CIV-BRONX"),
        ("NYC Civil Court - Brooklyn", None, "CIV-KINGS"),
        ("Small Claims Part, Queens", None, "CIV-QUEENS"),
        ("Supreme Court, State of New York, County of Erie", None, "SUP-ERIE"),
        ("New York County Supreme Court", None, "SUP-NEW_YORK"),
        ("Supreme Court", "QUEENS", "SUP-QUEENS"),
        ("Nassau County District Court- 2nd District", None, "DIST-NASSAU-2"),
        ("Nassau County District Court", None, None),  # which district? ambiguous
        ("Mt. Vernon City Court", None, "CITY-MOUNT_VERNON"),
        ("BERNE T.J.", "ALBANY", "TOWN-ALBANY-BERNE"),
        ("Albany County Court", None, "CTY-ALBANY"),
        ("White Plains City Court", None, "CITY-WHITE_PLAINS"),
        ("", "KINGS", "UNK-KINGS"),
        (None, None, "UNK"),
        ("Supreme Court", None, None),
        ("Gotham Municipal Court", None, None),
    ],
)
def test_court_names_map_to_canonical_codes(
    text: str | None, county: str | None, code: str | None
) -> None:
    court = resolve_court(text, county)
    assert (court.code if court else None) == code


def test_index_numbers_get_one_key() -> None:
    raw = ["943786/2023", " 943786 / 2023 ", "cv 2023 001234", "CV–2023–001234", "cv_2023.001234",
           "SC-2020-836679", "a571470-2024", "1001\\25", "--", None]  # fmt: skip
    assert _apply(index_number_norm(pl.col("v")), raw) == [
        "943786/2023", "943786/2023", "CV-2023-001234", "CV-2023-001234", "CV-2023-001234",
        "SC-2020-836679", "A571470-2024", "1001/25", None, None,
    ]  # fmt: skip


def test_amounts_are_parsed_as_exact_text_and_negatives_flagged() -> None:
    digits, negative = norm.amount_parts(pl.col("v"), ",", ["$"])
    raw = ["$12,500.00", "12500", "(1,000.00)", "-5", "1,2,3", "12.345", "12,5OO", " $ 7.5 "]
    assert _apply(digits, raw) == ["12500.00", "12500", "1000.00", "5", None, None, None, "7.5"]
    assert _apply(negative, raw) == [False, False, True, True, False, False, False, False]
    in_range = norm.amount_in_range(pl.col("v"), allow_zero=False)
    assert _apply(in_range, ["0", "0.00", "0.01", "100000000", "100000000.01", "999999999"]) == [
        False, False, True, True, False, False,
    ]  # fmt: skip


def test_business_words_are_whole_words() -> None:
    names = ["Smith Holdings LLC", "Acme L.L.C.", "Deli Co.", "Costco Wholesale", "Coco Chanel",
             "Lincoln Park", "Poe Plumbing PLLC", None]  # fmt: skip
    assert _apply(norm.party_kind(pl.col("v")), names) == [
        "business", "business", "business", "individual", "individual", "individual",
        "business", "unknown",
    ]  # fmt: skip


def test_name_keys_ignore_case_punctuation_and_spacing_but_keep_accents() -> None:
    keys = _apply(norm.name_key(pl.col("v")), ["Acme Funding, LLC", "ACME  FUNDING LLC", "Peña"])
    assert keys == ["ACME FUNDING LLC", "ACME FUNDING LLC", "PEÑA"]


def test_dates_use_only_declared_formats() -> None:
    parsed = _apply(
        norm.parse_date(pl.col("v"), ["%m/%d/%Y"]), ["03/15/2024", "15/03/2024", "2024-03-15"]
    )
    assert [str(d) if d else None for d in parsed] == ["2024-03-15", None, None]
