"""Business days in New York: weekends and the public holidays of General Construction Law 24."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# The `holidays` NY calendar also lists commemorations that are not GCL 24 public holidays.
NOT_PUBLIC_HOLIDAYS = frozenset({"Susan B. Anthony Day"})


@lru_cache(maxsize=256)
def ny_public_holidays(year: int) -> frozenset[date]:
    """GCL 24 public holidays in `year`; one falling on a Sunday is kept on the Monday after.

    New York moves a Sunday holiday to Monday but does not move a Saturday one to Friday, so the
    library's federal "observed" Fridays are left out.
    """
    calendar = holidays.country_holidays("US", subdiv="NY", years=year, observed=False)
    days: set[date] = set()
    for day, names in calendar.items():
        if all(name.strip() in NOT_PUBLIC_HOLIDAYS for name in names.split(";")):
            continue
        days.add(day)
        if day.weekday() == 6:
            days.add(day + timedelta(days=1))
    return frozenset(days)


@lru_cache(maxsize=8)
def ny_public_holidays_between(first_year: int, last_year: int) -> tuple[date, ...]:
    """Every GCL 24 public holiday (as `ny_public_holidays`) from `first_year` to `last_year`,
    in order: the list SQL rolls a day to a business day with (df_next_business_day_v1)."""
    days: set[date] = set()
    for year in range(first_year, last_year + 1):
        days |= ny_public_holidays(year)
    return tuple(sorted(days))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in ny_public_holidays(day.year)


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 28 February in a common year.

    This follows General Construction Law 30: with no corresponding day, a period ends on the
    last day of the month. Postgres `date + interval 'N years'` gives the same answer.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
