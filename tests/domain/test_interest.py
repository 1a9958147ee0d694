"""Balances and interest: the DOMAIN.md worked checks and the rules around them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dragonfly.domain.errors import LedgerError
from dragonfly.domain.interest import LedgerItem, compute_balance
from dragonfly.domain.rules import Rules, parse_rules
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind

D = Decimal
STANDARD = InterestRegime.STANDARD
CONSUMER = InterestRegime.CONSUMER


def pay(day: str, amount: str) -> LedgerItem:
    return LedgerItem(LedgerKind.PAYMENT, D(amount), date.fromisoformat(day))


def cost(day: str, amount: str) -> LedgerItem:
    return LedgerItem(LedgerKind.COST, D(amount), date.fromisoformat(day))


def test_worked_check_standard_with_payment(rules: Rules) -> None:
    result = compute_balance(
        D("10000"), date(2020, 1, 1), STANDARD, [pay("2021-01-01", "2000")], date(2022, 1, 1), rules
    )
    assert result.balance == D("9703.69")
    assert [(p.days, p.base, p.interest) for p in result.periods] == [
        (366, D("10000"), D("902.47")),
        (365, D("8902.47"), D("801.22")),
    ]
    assert result.principal_due == D("8902.47")
    assert result.interest == D("1703.69") and result.paid == D("2000.00")


def test_worked_check_consumer(rules: Rules) -> None:
    result = compute_balance(D("5000"), date(2023, 3, 1), CONSUMER, [], date(2024, 3, 1), rules)
    assert result.balance == D("5100.27")
    assert result.periods[0].days == 366 and result.periods[0].rate == D("2")


def test_pre_act_consumer_default_is_two_percent_from_entry(rules: Rules) -> None:
    result = compute_balance(D("10000"), date(2020, 1, 1), CONSUMER, [], date(2023, 1, 1), rules)
    # 2020-01-01 -> 2022-04-30 is 850 days, then 246 days to 2023-01-01, both at 2%.
    assert [(p.days, p.rate, p.interest) for p in result.periods] == [
        (850, D("2"), D("465.75")),
        (246, D("2"), D("134.79")),
    ]
    assert result.balance == D("10600.54")


def test_pre_act_consumer_principal_repaid_before_act_earned_nine_percent(rules: Rules) -> None:
    result = compute_balance(
        D("10000"), date(2020, 1, 1), CONSUMER, [pay("2021-01-01", "2000")], date(2023, 1, 1), rules
    )
    first = [p for p in result.periods if p.start == date(2020, 1, 1)]
    unpaid_at_act = result.principal_due
    # The part still unpaid on 2022-04-30 earned 2% from entry, the rest 9% until repaid.
    assert {p.rate: p.base for p in first} == {
        D("2"): unpaid_at_act,
        D("9"): D("10000") - unpaid_at_act,
    }
    assert sum(p.interest for p in first) + (D("10000") - unpaid_at_act) == D("2000")


def test_pre_act_consumer_nine_then_two_setting(rules: Rules) -> None:
    text = rules_text().replace(
        'value = "two_percent_on_unpaid_from_entry"', 'value = "nine_then_two"'
    )
    firm = parse_rules(text, source="firm.toml")
    result = compute_balance(D("10000"), date(2020, 1, 1), CONSUMER, [], date(2023, 1, 1), firm)
    assert [(p.days, p.rate, p.interest) for p in result.periods] == [
        (850, D("9"), D("2095.89")),
        (246, D("2"), D("134.79")),
    ]


def test_consumer_entered_after_act_is_one_period(rules: Rules) -> None:
    result = compute_balance(D("1000"), date(2022, 5, 1), CONSUMER, [], date(2022, 6, 1), rules)
    assert len(result.periods) == 1 and result.periods[0].rate == D("2")


def test_payment_goes_to_interest_then_costs_then_principal(rules: Rules) -> None:
    result = compute_balance(
        D("1000"),
        date(2020, 1, 1),
        STANDARD,
        [cost("2020-01-01", "100"), pay("2021-01-01", "200")],
        date(2021, 1, 1),
        rules,
    )
    # interest 1000 x 9% x 366/365 = 90.25; then 100 of costs; 9.75 of principal.
    assert (result.interest_due, result.costs_due, result.principal_due) == (
        D("0.00"),
        D("0.00"),
        D("990.25"),
    )
    assert result.balance == D("990.25")


def test_costs_after_principal_policy(rules: Rules) -> None:
    text = rules_text().replace(
        'value = "yes"\nunit = "choice: yes | no"\neffective_from = 2020',
        'value = "no"\nunit = "choice: yes | no"\neffective_from = 2020',
    )
    firm = parse_rules(text, source="firm.toml")
    result = compute_balance(
        D("1000"),
        date(2020, 1, 1),
        STANDARD,
        [cost("2020-01-01", "100"), pay("2021-01-01", "200")],
        date(2021, 1, 1),
        firm,
    )
    assert (result.costs_due, result.principal_due) == (D("100.00"), D("890.25"))


def test_costs_earn_no_interest(rules: Rules) -> None:
    result = compute_balance(
        D("0"), date(2020, 1, 1), STANDARD, [], date(2025, 1, 1), rules, costs=D("500")
    )
    assert result.balance == D("500.00") and result.periods == []


def test_overpayment_leaves_zero_and_reports_credit(rules: Rules) -> None:
    result = compute_balance(
        D("100"), date(2024, 1, 1), STANDARD, [pay("2024-01-01", "150")], date(2024, 6, 1), rules
    )
    assert result.balance == D("0.00") and result.overpaid == D("50.00")


def test_negative_adjustment_writes_down_principal(rules: Rules) -> None:
    write_down = LedgerItem(LedgerKind.ADJUSTMENT, D("-400"), date(2024, 1, 1))
    result = compute_balance(
        D("1000"), date(2024, 1, 1), STANDARD, [write_down], date(2024, 1, 1), rules
    )
    assert result.balance == D("600.00") and result.adjustments == D("-400.00")


def test_entries_after_as_of_are_ignored(rules: Rules) -> None:
    result = compute_balance(
        D("1000"), date(2024, 1, 1), STANDARD, [pay("2025-01-01", "500")], date(2024, 1, 1), rules
    )
    assert result.balance == D("1000.00") and result.paid == D("0.00")


def test_half_cent_rounds_up(rules: Rules) -> None:
    # 2.50 x 9% x 73/365 = 0.045 exactly: half-up gives 0.05 (banker's rounding would give 0.04).
    result = compute_balance(D("2.50"), date(2024, 1, 1), STANDARD, [], date(2024, 3, 14), rules)
    assert result.periods[0].days == 73
    assert result.interest == D("0.05")


@pytest.mark.parametrize(
    ("ledger", "as_of", "message"),
    [
        ([pay("2019-12-31", "10")], date(2021, 1, 1), "before the judgment was entered"),
        ([pay("2020-06-01", "-10")], date(2021, 1, 1), "must be a positive amount"),
        ([cost("2020-06-01", "0")], date(2021, 1, 1), "must be a positive amount"),
        ([LedgerItem(LedgerKind.ADJUSTMENT, D("0"), date(2020, 6, 1))], date(2021, 1, 1), "zero"),
        ([], date(2019, 1, 1), "before the entry date"),
    ],
)
def test_refuses_impossible_inputs(
    rules: Rules, ledger: list[LedgerItem], as_of: date, message: str
) -> None:
    with pytest.raises(LedgerError, match=message):
        compute_balance(D("1000"), date(2020, 1, 1), STANDARD, ledger, as_of, rules)


def test_refuses_negative_principal(rules: Rules) -> None:
    with pytest.raises(LedgerError, match="must not be negative"):
        compute_balance(D("-1"), date(2020, 1, 1), STANDARD, [], date(2021, 1, 1), rules)


def rules_text() -> str:
    from importlib import resources

    return resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
