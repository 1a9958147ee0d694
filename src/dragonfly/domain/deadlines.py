"""Deadlines from the rules table, moved off weekends and NY public holidays (GCL 25-a)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dragonfly.domain.business_days import add_years, next_business_day
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind


@dataclass(frozen=True)
class Deadline:
    """A named date with the rule that sets it. `due_on` is already a business day."""

    name: str
    due_on: date
    citation: str


def _due(day: date, rules: Rules) -> date:
    if rules.choice("deadline_rolls_to_business_day") == "yes":
        return next_business_day(day)
    return day


def judgment_expiry(entry_date: date, rules: Rules) -> date:
    """The 20th anniversary of entry: from this day on the judgment is treated as expired.

    The score and the next-best-action use this unshifted date, the reading least likely to
    enforce late; the deadline list shows the GCL 25-a business day as the last day to act.
    """
    return add_years(entry_date, rules.whole("judgment_enforceable_years"))


def judgment_deadlines(entry_date: date, rules: Rules) -> list[Deadline]:
    """Enforceability and real-property lien dates, counted from entry (= docketing)."""
    enforceable = rules.rule("judgment_enforceable_years")
    lien = rules.rule("lien_years")
    window = rules.rule("lien_renewal_window_opens_year")
    return [
        Deadline(
            "judgment_expires",
            _due(judgment_expiry(entry_date, rules), rules),
            enforceable.citation,
        ),
        Deadline(
            "lien_renewal_window_opens",
            add_years(entry_date, rules.whole("lien_renewal_window_opens_year")),
            window.citation,
        ),
        Deadline(
            "lien_expires",
            _due(add_years(entry_date, rules.whole("lien_years")), rules),
            lien.citation,
        ),
    ]


def lien_renewal_window(entry_date: date, rules: Rules, as_of: date) -> bool:
    """True while a renewal may be started: from year 9 until the lien lapses at year 10."""
    opens = add_years(entry_date, rules.whole("lien_renewal_window_opens_year"))
    lapses = add_years(entry_date, rules.whole("lien_years"))
    return opens <= as_of < lapses


def action_deadlines(
    kind: ActionKind, issued_on: date | None, served_on: date | None, rules: Rules
) -> list[Deadline]:
    """The deadlines an action of this kind carries; none until the date it counts from is known."""
    if kind is ActionKind.INFORMATION_SUBPOENA and served_on:
        return [_days_after("answer_due", served_on, "information_subpoena_answer_days", rules)]
    if kind is ActionKind.RESTRAINING_NOTICE and served_on:
        rule = rules.rule("restraining_notice_effective_years")
        lapses = add_years(served_on, rules.whole(rule.name))
        return [Deadline("restraint_lapses", _due(lapses, rules), rule.citation)]
    if kind is ActionKind.PROPERTY_EXECUTION and issued_on:
        return [_days_after("return_due", issued_on, "property_execution_return_days", rules)]
    if kind is ActionKind.INCOME_EXECUTION and served_on:
        return [
            _days_after(
                "serve_employer_from", served_on, "income_execution_employer_after_days", rules
            )
        ]
    return []


def _days_after(name: str, start: date, rule_name: str, rules: Rules) -> Deadline:
    rule = rules.rule(rule_name)
    day = start + timedelta(days=rules.whole(rule_name))
    return Deadline(name, _due(day, rules), rule.citation)


def last_expired_entry_date(as_of: date, rules: Rules) -> date:
    """The latest entry date whose judgment is already expired on `as_of`.

    judgment_expiry never decreases as the entry date moves later, so "expired" is exactly
    "entered on or before this date"; SQL compares against it instead of doing date arithmetic.
    """
    years = rules.whole("judgment_enforceable_years")
    candidate = add_years(as_of, -years) - timedelta(days=2)
    while judgment_expiry(candidate + timedelta(days=1), rules) <= as_of:
        candidate += timedelta(days=1)
    return candidate
