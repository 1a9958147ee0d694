"""Collectability score v1: the worked check, every band edge, tiers and zeroed judgments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec
from dragonfly.domain.scoring import (
    AssetSignal,
    ScoreInputs,
    is_business_name,
    score_judgment,
    tier_for,
)
from dragonfly.domain.vocabulary import AssetKind, JudgmentStatus, PartyKind

AS_OF = date(2026, 11, 23)
WORKED = ScoreInputs(
    balance=Decimal("45000"),
    entry_date=date(2024, 6, 15),
    debtor_name="Smith Holdings LLC",
    raw_address="123 Main St, Brooklyn, NY 11201",
    assets=[AssetSignal(AssetKind.BANK)],
)


def points(inputs: ScoreInputs, spec: ScoreSpec, as_of: date = AS_OF) -> dict[str, int]:
    return score_judgment(inputs, as_of, spec).points_by_name()


def test_worked_check_is_77_b(spec: ScoreSpec) -> None:
    result = score_judgment(WORKED, AS_OF, spec)
    assert (result.total, result.tier, result.version) == (77, "B", "v1")
    assert result.points_by_name() == {
        "amount": 25, "age": 12, "debtor_kind": 15, "locatability": 15, "assets": 10,
    }  # fmt: skip
    assert all(c.reason for c in result.components)


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        ("999.99", 0), ("1000", 5), ("2499.99", 5), ("2500", 10), ("4999.99", 10),
        ("5000", 15), ("9999.99", 15), ("10000", 20), ("24999.99", 20), ("25000", 25),
    ],
)  # fmt: skip
def test_amount_band_edges(spec: ScoreSpec, balance: str, expected: int) -> None:
    assert points(replace(WORKED, balance=Decimal(balance)), spec)["amount"] == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, 20), (365, 20), (366, 16), (730, 16), (731, 12), (1095, 12), (1096, 8),
     (1826, 8), (1827, 4), (3652, 4), (3653, 1), (7000, 1)],
)  # fmt: skip
def test_age_band_edges(spec: ScoreSpec, days: int, expected: int) -> None:
    inputs = replace(WORKED, entry_date=AS_OF - timedelta(days=days))
    assert points(inputs, spec)["age"] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Smith Holdings LLC", 15), ("Acme L.L.C.", 15), ("acme inc.", 15), ("Big Corp", 15),
        ("Widget Corporation", 15), ("Smith & Co.", 15), ("Jones LP", 15), ("Law LLP", 15),
        ("Doe PC", 15), ("Roe PLLC", 15), ("Brit Ltd", 15), ("Costco Wholesale", 8),
        ("Incorporated Jones", 8), ("Coco Chanel", 8), ("Jane Doe", 8), ("", 0), ("   ", 0),
    ],
)  # fmt: skip
def test_debtor_kind_by_whole_word(spec: ScoreSpec, name: str, expected: int) -> None:
    assert points(replace(WORKED, debtor_name=name), spec)["debtor_kind"] == expected


def test_no_name_scores_zero_and_stored_business_kind_counts(spec: ScoreSpec) -> None:
    assert points(replace(WORKED, debtor_name=None), spec)["debtor_kind"] == 0
    stored = replace(WORKED, debtor_name="Jane Doe", debtor_kind=PartyKind.BUSINESS)
    assert points(stored, spec)["debtor_kind"] == 15
    assert not is_business_name("Costco Wholesale", spec)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ({"raw_address": "123 Main St, Brooklyn, NY 11201"}, 15),
        ({"street": "45-10 Court Sq", "zip": "11101"}, 15),
        ({"street": "7B Elm Ave", "zip": "10001-1234"}, 15),
        ({"street": "Main St", "zip": "11201"}, 7),
        ({"street": "123 Main St", "zip": "1120"}, 7),
        ({"city": "Brooklyn"}, 7),
        ({"raw_address": "Brooklyn NY"}, 7),
        ({"street": "  "}, 0),
        ({}, 0),
    ],
)
def test_locatability(spec: ScoreSpec, address: dict[str, str], expected: int) -> None:
    inputs = replace(WORKED, **{"raw_address": None, **address})
    assert points(inputs, spec)["locatability"] == expected


@pytest.mark.parametrize(
    ("assets", "expected"),
    [
        ([], 0),
        ([AssetSignal(AssetKind.BANK, benefits_only=True)], 0),
        ([AssetSignal(AssetKind.BANK, True), AssetSignal(AssetKind.BANK, False)], 10),
        ([AssetSignal(AssetKind.EMPLOYER)], 10),
        ([AssetSignal(AssetKind.REAL_PROPERTY), AssetSignal(AssetKind.VEHICLE)], 8),
        ([AssetSignal(k) for k in AssetKind], 25),  # 10 + 10 + 5 + 3 = 28, capped
    ],
)
def test_asset_signals(spec: ScoreSpec, assets: list[AssetSignal], expected: int) -> None:
    result = score_judgment(replace(WORKED, assets=assets), AS_OF, spec)
    assert result.points_by_name()["assets"] == expected
    if len(assets) == len(AssetKind):
        assert "capped at 25" in result.components[-1].reason


@pytest.mark.parametrize(
    ("status", "reason"),
    [(JudgmentStatus.SATISFIED, "satisfied"), (JudgmentStatus.EXPIRED, "expired"),
     (JudgmentStatus.VACATED, "vacated")],
)  # fmt: skip
def test_closed_statuses_score_zero_with_reason(
    spec: ScoreSpec, status: JudgmentStatus, reason: str
) -> None:
    result = score_judgment(replace(WORKED, status=status), AS_OF, spec)
    assert (result.total, result.tier, result.zeroed_because) == (0, "F", reason)
    assert all(c.points == 0 and c.reason == reason for c in result.components)


def test_past_twenty_years_scores_zero(spec: ScoreSpec) -> None:
    on_anniversary = replace(WORKED, entry_date=date(2006, 11, 23))
    day_before = replace(WORKED, entry_date=date(2006, 11, 24))
    assert score_judgment(on_anniversary, AS_OF, spec).zeroed_because == "expired"
    assert score_judgment(day_before, AS_OF, spec).total > 0


@pytest.mark.parametrize(
    ("total", "tier"),
    [(100, "A"), (80, "A"), (79, "B"), (60, "B"), (59, "C"), (40, "C"), (39, "D"),
     (20, "D"), (19, "F"), (0, "F")],
)  # fmt: skip
def test_tier_boundaries(spec: ScoreSpec, total: int, tier: str) -> None:
    assert tier_for(total, spec) == tier


@pytest.mark.parametrize(
    ("inputs", "total", "tier"),
    [
        # 25 + 20 + 15 + 15 + 5 (real property) = 80 -> A
        (replace(WORKED, entry_date=AS_OF, assets=[AssetSignal(AssetKind.REAL_PROPERTY)]), 80, "A"),
        # 25 + 16 + 15 + 15 + 8 = 79 -> B
        (replace(WORKED, entry_date=AS_OF - timedelta(days=400),
                 assets=[AssetSignal(AssetKind.REAL_PROPERTY), AssetSignal(AssetKind.VEHICLE)]),
         79, "B"),
        # 20 + 20 + 15 + 0 + 5 = 60 -> B
        (replace(WORKED, balance=Decimal("10000"), entry_date=AS_OF, raw_address=None,
                 assets=[AssetSignal(AssetKind.REAL_PROPERTY)]), 60, "B"),
        # 15 + 16 + 8 + 7 + 13 (employer, vehicle) = 59 -> C
        (replace(WORKED, balance=Decimal("5000"), entry_date=AS_OF - timedelta(days=400),
                 debtor_name="Jane Doe", raw_address="Brooklyn",
                 assets=[AssetSignal(AssetKind.EMPLOYER), AssetSignal(AssetKind.VEHICLE)]),
         59, "C"),
        # 10 + 20 + 0 + 0 + 10 = 40 -> C ; 10 + 16 + 0 + 0 + 13 = 39 -> D
        (ScoreInputs(Decimal("2500"), AS_OF, assets=[AssetSignal(AssetKind.EMPLOYER)]), 40, "C"),
        (ScoreInputs(Decimal("2500"), AS_OF - timedelta(days=400),
                     assets=[AssetSignal(AssetKind.EMPLOYER), AssetSignal(AssetKind.VEHICLE)]),
         39, "D"),
        # 0 + 20 + 0 + 0 + 0 = 20 -> D ; 0 + 16 + 0 + 0 + 3 = 19 -> F
        (ScoreInputs(Decimal("10"), AS_OF), 20, "D"),
        (ScoreInputs(Decimal("10"), AS_OF - timedelta(days=400),
                     assets=[AssetSignal(AssetKind.VEHICLE)]), 19, "F"),
    ],
)  # fmt: skip
def test_golden_cases_at_tier_boundaries(
    spec: ScoreSpec, inputs: ScoreInputs, total: int, tier: str
) -> None:
    result = score_judgment(inputs, AS_OF, spec)
    assert (result.total, result.tier) == (total, tier)


names = st.one_of(
    st.none(), st.sampled_from(["Acme LLC", "Jane Doe", "Costco Wholesale", "", "X Corp"])
)
asset_lists = st.lists(
    st.builds(AssetSignal, st.sampled_from(list(AssetKind)), st.booleans()), max_size=5
)


@settings(max_examples=80, deadline=None)
@given(
    balance=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2)),
    age=st.integers(min_value=-30, max_value=9000),
    status=st.sampled_from(list(JudgmentStatus)),
    name=names,
    street=st.sampled_from([None, "", "12 Main St", "Main St"]),
    zip_code=st.sampled_from([None, "11201", "112"]),
    assets=asset_lists,
)
def test_score_is_0_to_100_and_components_add_up(
    balance: Decimal | None,
    age: int,
    status: JudgmentStatus,
    name: str | None,
    street: str | None,
    zip_code: str | None,
    assets: list[AssetSignal],
) -> None:
    spec = shipped_score_spec()
    inputs = ScoreInputs(
        balance, AS_OF - timedelta(days=age), status, name, street=street, zip=zip_code,
        assets=assets,
    )  # fmt: skip
    result = score_judgment(inputs, AS_OF, spec)
    assert 0 <= result.total <= 100
    assert sum(c.points for c in result.components) == result.total
    assert all(0 <= c.points <= c.max for c in result.components)
    assert result.tier == tier_for(result.total, spec)
