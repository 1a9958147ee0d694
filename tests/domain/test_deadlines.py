"""Deadlines from the rules table, rolled off weekends and NY public holidays (GCL 25-a)."""

from __future__ import annotations

from datetime import date

import pytest

from dragonfly.domain.business_days import is_business_day, next_business_day
from dragonfly.domain.deadlines import (
    action_deadlines,
    judgment_deadlines,
    judgment_expiry,
    last_expired_entry_date,
    last_lapsed_service_date,
    lien_renewal_window,
)
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind


def due(deadlines: list, name: str) -> date:  # type: ignore[type-arg]
    return next(d.due_on for d in deadlines if d.name == name)


def test_subpoena_answer_on_a_weekday_is_served_plus_seven(rules: Rules) -> None:
    found = action_deadlines(ActionKind.INFORMATION_SUBPOENA, None, date(2026, 3, 2), rules)
    assert due(found, "answer_due") == date(2026, 3, 9)
    assert "5224" in found[0].citation


def test_deadline_on_a_saturday_moves_to_monday(rules: Rules) -> None:
    # Served Saturday 2026-03-07 -> +7 = Saturday 2026-03-14 -> Monday 2026-03-16.
    found = action_deadlines(ActionKind.INFORMATION_SUBPOENA, None, date(2026, 3, 7), rules)
    assert due(found, "answer_due") == date(2026, 3, 16)


def test_deadline_on_a_holiday_moves_to_the_next_business_day(rules: Rules) -> None:
    # Issued 2026-09-12 + 60 days = Wednesday 2026-11-11, Veterans Day -> Thursday 2026-11-12.
    found = action_deadlines(ActionKind.PROPERTY_EXECUTION, date(2026, 9, 12), None, rules)
    assert due(found, "return_due") == date(2026, 11, 12)


def test_lincolns_birthday_is_a_new_york_holiday(rules: Rules) -> None:
    assert not is_business_day(date(2026, 2, 12))
    assert next_business_day(date(2026, 2, 12)) == date(2026, 2, 13)


def test_sunday_holiday_is_kept_on_monday_but_saturday_is_not_moved_to_friday() -> None:
    # 2023-01-01 was a Sunday: Monday 2023-01-02 is the holiday. 2026-07-04 is a Saturday:
    # Friday 2026-07-03 is a federal observance, not a New York public holiday.
    assert not is_business_day(date(2023, 1, 2))
    assert is_business_day(date(2026, 7, 3))


def test_holiday_after_a_weekend_rolls_further(rules: Rules) -> None:
    # Served Monday 2026-01-12 + 7 = Monday 2026-01-19 (MLK Day) -> Tuesday 2026-01-20.
    found = action_deadlines(ActionKind.INFORMATION_SUBPOENA, None, date(2026, 1, 12), rules)
    assert due(found, "answer_due") == date(2026, 1, 20)


def test_restraining_notice_lapses_a_year_after_service(rules: Rules) -> None:
    found = action_deadlines(ActionKind.RESTRAINING_NOTICE, None, date(2025, 6, 10), rules)
    assert due(found, "restraint_lapses") == date(2026, 6, 10)


def test_a_restraint_lapses_on_its_anniversary_even_on_a_weekend_or_holiday(rules: Rules) -> None:
    # Served 2025-07-04; the anniversary 2026-07-04 is a Saturday and Independence Day.
    found = action_deadlines(ActionKind.RESTRAINING_NOTICE, None, date(2025, 7, 4), rules)
    assert due(found, "restraint_lapses") == date(2026, 7, 4)
    assert last_lapsed_service_date(date(2026, 7, 4), rules) == date(2025, 7, 4)
    assert last_lapsed_service_date(date(2026, 7, 3), rules) == date(2025, 7, 3)


def test_an_answer_due_on_a_holiday_moves_to_the_next_business_day(rules: Rules) -> None:
    # Served 2026-06-27 + 7 days = Saturday 2026-07-04 (a holiday too) -> Monday 2026-07-06.
    found = action_deadlines(ActionKind.INFORMATION_SUBPOENA, None, date(2026, 6, 27), rules)
    assert due(found, "answer_due") == date(2026, 7, 6)


def test_income_execution_goes_to_the_employer_after_twenty_days(rules: Rules) -> None:
    found = action_deadlines(ActionKind.INCOME_EXECUTION, None, date(2026, 4, 1), rules)
    assert due(found, "serve_employer_from") == date(2026, 4, 21)


@pytest.mark.parametrize("kind", [ActionKind.DEMAND_LETTER, ActionKind.SETTLEMENT])
def test_kinds_without_statutory_deadlines_have_none(rules: Rules, kind: ActionKind) -> None:
    assert action_deadlines(kind, date(2026, 1, 5), date(2026, 1, 6), rules) == []


def test_no_deadline_until_the_date_it_counts_from_is_known(rules: Rules) -> None:
    assert action_deadlines(ActionKind.INFORMATION_SUBPOENA, date(2026, 1, 5), None, rules) == []


def test_judgment_deadlines(rules: Rules) -> None:
    found = judgment_deadlines(date(2016, 3, 15), rules)
    # The day an effect ends does not move off a weekend: the lien lapses on the Sunday itself.
    assert due(found, "judgment_expires") == date(2036, 3, 15)  # a Saturday
    assert due(found, "lien_renewal_window_opens") == date(2025, 3, 15)
    assert due(found, "lien_expires") == date(2026, 3, 15)  # a Sunday


def test_leap_day_entry_anniversaries_fall_on_february_28(rules: Rules) -> None:
    # Entered 2008-02-29: the 20th anniversary (2028) exists; the 10th (2018) does not.
    assert judgment_expiry(date(2008, 2, 29), rules) == date(2028, 2, 29)
    found = judgment_deadlines(date(2008, 2, 29), rules)
    assert due(found, "lien_expires") == date(2018, 2, 28)
    assert due(found, "lien_renewal_window_opens") == date(2017, 2, 28)
    assert judgment_expiry(date(2004, 2, 29), rules) == date(2024, 2, 29)
    assert judgment_expiry(date(2005, 2, 28), rules) == date(2025, 2, 28)


def test_renewal_window_is_year_nine_until_the_lien_lapses(rules: Rules) -> None:
    entered = date(2016, 6, 1)
    assert not lien_renewal_window(entered, rules, date(2025, 5, 31))
    assert lien_renewal_window(entered, rules, date(2025, 6, 1))
    assert lien_renewal_window(entered, rules, date(2026, 5, 31))
    assert not lien_renewal_window(entered, rules, date(2026, 6, 1))


@pytest.mark.parametrize(
    "as_of", [date(2026, 11, 23), date(2024, 2, 28), date(2024, 2, 29), date(2025, 3, 1)]
)
def test_last_expired_entry_date_is_the_exact_cutoff(rules: Rules, as_of: date) -> None:
    cutoff = last_expired_entry_date(as_of, rules)
    assert judgment_expiry(cutoff, rules) <= as_of
    assert judgment_expiry(date.fromordinal(cutoff.toordinal() + 1), rules) > as_of
