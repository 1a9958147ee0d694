"""Exemption figures and income-execution limits in force on a day, from the rules table.

CPLR 5222(i): a bank restraint does not reach 240 x the greater of the federal or New York
minimum hourly wage where the debtor is paid. CPLR 5205(l): exempt payments deposited
electronically in the last 45 days, up to a dated amount. CPLR 5231(b): an income execution takes
at most 10% of gross income, and in a week no more than the lesser of 25% of disposable earnings
and the excess of disposable earnings over 30 x the greater minimum wage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dragonfly.domain.money import to_cents as cents
from dragonfly.domain.rules import Rules

# Labor Law 652(1): the higher wage applies in New York City, Nassau, Suffolk and Westchester.
DOWNSTATE_COUNTIES = frozenset(
    {"new york", "kings", "queens", "bronx", "richmond", "nassau", "suffolk", "westchester"}
)


class WageRegion(StrEnum):
    DOWNSTATE = "downstate"
    UPSTATE = "upstate"
    UNKNOWN = "unknown"


def region_of_county(county: str | None) -> WageRegion:
    if not county:
        return WageRegion.UNKNOWN
    name = county.strip().lower().removesuffix(" county")
    return WageRegion.DOWNSTATE if name in DOWNSTATE_COUNTIES else WageRegion.UPSTATE


def minimum_wage(rules: Rules, day: date, region: WageRegion) -> Decimal:
    """The greater of the federal and New York hourly minimum; unknown region -> the highest."""
    federal = rules.number_on("federal_minimum_wage", day)
    downstate = rules.number_on("ny_minimum_wage_downstate", day)
    upstate = rules.number_on("ny_minimum_wage_upstate", day)
    state = upstate if region is WageRegion.UPSTATE else max(downstate, upstate)
    return max(federal, state)


@dataclass(frozen=True)
class ExemptionFigures:
    """What a paper dated `day` states as exempt."""

    day: date
    region: WageRegion
    minimum_wage: Decimal
    bank_wage_exemption: Decimal
    direct_deposit_exemption: Decimal
    wages_exempt_percent: Decimal
    income_execution_percent: Decimal
    disposable_percent: Decimal
    weekly_floor: Decimal


def exemption_figures(rules: Rules, day: date, region: WageRegion) -> ExemptionFigures:
    """Every exemption figure in force on `day`; RuleNotInForce if a series starts later."""
    wage = minimum_wage(rules, day, region)
    return ExemptionFigures(
        day=day,
        region=region,
        minimum_wage=wage,
        bank_wage_exemption=cents(wage * rules.number_on("bank_wage_exemption_hours", day)),
        direct_deposit_exemption=cents(rules.number_on("direct_deposit_exempt_amount", day)),
        wages_exempt_percent=rules.number_on("wages_exempt_percent", day),
        income_execution_percent=rules.number_on("income_execution_max_percent", day),
        disposable_percent=rules.number_on("income_execution_disposable_percent", day),
        weekly_floor=cents(wage * rules.number_on("income_execution_floor_hours", day)),
    )


def weekly_withholding(figures: ExemptionFigures, gross: Decimal, disposable: Decimal) -> Decimal:
    """The most an income execution may take from one week's pay (CPLR 5231(b))."""
    if disposable <= figures.weekly_floor:
        return Decimal("0.00")
    ten_percent = gross * figures.income_execution_percent / 100
    quarter = disposable * figures.disposable_percent / 100
    excess = disposable - figures.weekly_floor
    return cents(min(ten_percent, quarter, excess))
