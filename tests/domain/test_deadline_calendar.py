"""Every kind of deadline on a weekend and on a New York holiday (Thanksgiving 2026-11-26,
Christmas 2026-12-25): a last day to act moves to the next business day (General Construction
Law 25-a); the day an effect ends (a judgment's twenty years, a lien's ten, a restraint's year, a
levy's ninety days) stays where it falls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dragonfly.domain.actions import CLOSED
from dragonfly.domain.deadlines import (
    Deadline,
    action_deadlines,
    judgment_deadlines,
    open_action_deadlines,
    satisfaction_deadlines,
)
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind, ActionState

THANKSGIVING, CHRISTMAS = date(2026, 11, 26), date(2026, 12, 25)
SATURDAY = date(2026, 11, 28)
FRIDAY_AFTER_THANKSGIVING, MONDAY_AFTER, MONDAY_AFTER_CHRISTMAS = (
    date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 28),
)  # fmt: skip

Make = Callable[[date, Rules], list[Deadline]]
K = ActionKind


def _action(kind: ActionKind, step: str, third_party: str | None = None) -> Make:
    def make(day: date, rules: Rules) -> list[Deadline]:
        issued, served = (day, None) if step == "issued" else (None, day)
        return action_deadlines(kind, issued, served, rules, third_party=third_party)

    return make


# name -> (how it is made from its start day, the start days that make it fall on Thanksgiving,
# on a Saturday and on Christmas, and whether the last day moves to a business day).
KINDS: dict[str, tuple[Make, tuple[date, date, date], bool]] = {
    "answer_due": (
        _action(K.INFORMATION_SUBPOENA, "served"),
        (date(2026, 11, 19), date(2026, 11, 21), date(2026, 12, 18)), True,
    ),
    "debtor_notice_due": (
        _action(K.RESTRAINING_NOTICE, "served", third_party="First Bank"),
        (date(2026, 11, 22), date(2026, 11, 24), date(2026, 12, 21)), True,
    ),
    "return_due": (
        _action(K.PROPERTY_EXECUTION, "issued"),
        (date(2026, 9, 27), date(2026, 9, 29), date(2026, 10, 26)), True,
    ),
    "serve_employer_from": (
        _action(K.INCOME_EXECUTION, "served"),
        (date(2026, 11, 6), date(2026, 11, 8), date(2026, 12, 5)), True,
    ),
    "satisfaction_piece_due": (
        lambda day, rules: satisfaction_deadlines(day, rules),
        (date(2026, 11, 6), date(2026, 11, 8), date(2026, 12, 5)), True,
    ),
    "levy_void": (
        _action(K.PROPERTY_EXECUTION, "served"),
        (date(2026, 8, 28), date(2026, 8, 30), date(2026, 9, 26)), False,
    ),
    "restraint_lapses": (
        _action(K.RESTRAINING_NOTICE, "served"),
        (date(2025, 11, 26), date(2025, 11, 28), date(2025, 12, 25)), False,
    ),
    "judgment_expires": (
        lambda day, rules: judgment_deadlines(day, rules),
        (date(2006, 11, 26), date(2006, 11, 28), date(2006, 12, 25)), False,
    ),
    "lien_expires": (
        lambda day, rules: judgment_deadlines(day, rules),
        (date(2016, 11, 26), date(2016, 11, 28), date(2016, 12, 25)), False,
    ),
    "lien_renewal_window_opens": (
        lambda day, rules: judgment_deadlines(day, rules),
        (date(2017, 11, 26), date(2017, 11, 28), date(2017, 12, 25)), False,
    ),
}  # fmt: skip


def _due(found: list[Deadline], name: str) -> date:
    return next(d.due_on for d in found if d.name == name)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_of_deadline_on_a_weekend_and_on_a_holiday(rules: Rules, name: str) -> None:
    make, (to_thanksgiving, to_saturday, to_christmas), rolls = KINDS[name]
    on_thanksgiving = _due(make(to_thanksgiving, rules), name)
    on_saturday = _due(make(to_saturday, rules), name)
    on_christmas = _due(make(to_christmas, rules), name)
    if rolls:
        assert on_thanksgiving == FRIDAY_AFTER_THANKSGIVING
        assert on_saturday == MONDAY_AFTER
        assert on_christmas == MONDAY_AFTER_CHRISTMAS
    else:
        assert (on_thanksgiving, on_saturday, on_christmas) == (THANKSGIVING, SATURDAY, CHRISTMAS)


def test_every_kind_of_deadline_the_desk_lists_is_tested_here_with_a_title_and_a_step() -> None:
    from dragonfly.services.desk import DEADLINE_TITLES, NEXT_STEPS, all_names

    assert set(all_names()) == set(KINDS) == set(DEADLINE_TITLES) == set(NEXT_STEPS)


def test_notice_to_the_debtor_runs_four_calendar_days_from_serving_a_third_party(
    rules: Rules,
) -> None:
    # Served on the bank Monday 2026-11-02: the fourth day after is Friday 2026-11-06.
    found = action_deadlines(
        K.RESTRAINING_NOTICE, None, date(2026, 11, 2), rules, third_party="First Bank"
    )
    assert [(d.name, d.due_on) for d in found] == [
        ("debtor_notice_due", date(2026, 11, 6)),
        ("restraint_lapses", date(2027, 11, 2)),
    ]
    assert "5222(d)" in found[0].citation
    # A notice served on the debtor alone needs no notice to the debtor.
    alone = action_deadlines(K.RESTRAINING_NOTICE, None, date(2026, 11, 2), rules)
    assert [d.name for d in alone] == ["restraint_lapses"]


def test_an_execution_carries_its_return_and_the_levys_ninety_days(rules: Rules) -> None:
    found = action_deadlines(K.PROPERTY_EXECUTION, date(2026, 9, 1), date(2026, 9, 3), rules)
    assert [(d.name, d.due_on) for d in found] == [
        ("return_due", date(2026, 11, 2)),  # day 60 is Saturday 2026-10-31
        ("levy_void", date(2026, 12, 2)),
    ]
    assert "5232(a)" in found[1].citation and "5230(c)" in found[0].citation


def test_met_and_closed_steps_end_the_deadlines_they_carried(rules: Rules) -> None:
    served = date(2026, 11, 2)
    assert [
        d.name
        for d in open_action_deadlines(
            K.INFORMATION_SUBPOENA, ActionState.ANSWERED, None, served, rules
        )
    ] == []
    assert [
        d.name
        for d in open_action_deadlines(
            K.INCOME_EXECUTION, ActionState.WITHHOLDING, None, served, rules
        )
    ] == []
    levied = open_action_deadlines(K.PROPERTY_EXECUTION, ActionState.LEVIED, served, served, rules)
    assert [d.name for d in levied] == ["return_due", "levy_void"]
    for state in CLOSED:
        assert open_action_deadlines(K.PROPERTY_EXECUTION, state, served, served, rules) == []
