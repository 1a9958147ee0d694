"""Exemption figures and income-execution limits follow the dated rules.

CPLR 5222(i), 5205(l), 5231(b).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dragonfly.domain.exemptions import (
    WageRegion,
    exemption_figures,
    region_of_county,
    weekly_withholding,
)
from dragonfly.domain.rules import Rules


def test_bank_wage_exemption_2026_by_region(rules: Rules) -> None:
    def exempt(region: WageRegion) -> Decimal:
        return exemption_figures(rules, date(2026, 11, 23), region).bank_wage_exemption

    assert exempt(WageRegion.DOWNSTATE) == Decimal("4080.00")
    assert exempt(WageRegion.UPSTATE) == Decimal("3840.00")
    # A bank that cannot tell the region applies the highest (NY DFS guidance).
    assert exempt(WageRegion.UNKNOWN) == Decimal("4080.00")


def test_figures_change_on_new_years_day(rules: Rules) -> None:
    before = exemption_figures(rules, date(2025, 12, 31), WageRegion.UPSTATE)
    after = exemption_figures(rules, date(2026, 1, 1), WageRegion.UPSTATE)
    assert before.bank_wage_exemption == Decimal("3720.00")  # 240 x $15.50
    assert after.bank_wage_exemption == Decimal("3840.00")
    assert (before.weekly_floor, after.weekly_floor) == (Decimal("465.00"), Decimal("480.00"))


def test_direct_deposit_and_weekly_floor_2026(rules: Rules) -> None:
    figures = exemption_figures(rules, date(2026, 11, 23), WageRegion.DOWNSTATE)
    assert figures.direct_deposit_exemption == Decimal("3425.00")
    assert figures.weekly_floor == Decimal("510.00")


def test_weekly_withholding_takes_the_least_of_the_three_tests(rules: Rules) -> None:
    figures = exemption_figures(rules, date(2026, 11, 23), WageRegion.DOWNSTATE)
    # Below the floor: nothing.
    assert weekly_withholding(figures, Decimal("600"), Decimal("500")) == Decimal("0.00")
    # Just above the floor: the excess over $510 is the limit.
    assert weekly_withholding(figures, Decimal("700"), Decimal("530")) == Decimal("20.00")
    # Well paid: 10% of gross.
    assert weekly_withholding(figures, Decimal("2000"), Decimal("1500")) == Decimal("200.00")


def test_region_of_county() -> None:
    assert region_of_county("Kings") is WageRegion.DOWNSTATE
    assert region_of_county("Westchester County") is WageRegion.DOWNSTATE
    assert region_of_county("Erie") is WageRegion.UPSTATE
    assert region_of_county(None) is WageRegion.UNKNOWN
