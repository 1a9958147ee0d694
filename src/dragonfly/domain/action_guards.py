"""When an enforcement action may not start, or a step may not be dated: plain reasons, no I/O.

The service gathers the facts (the judgment's status and balance, the debtor's other actions);
these functions decide and word the refusal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

from dragonfly.domain.vocabulary import JudgmentStatus

_STOPPED = {
    JudgmentStatus.SATISFIED: "is satisfied",
    JudgmentStatus.VACATED: "was vacated",
    JudgmentStatus.EXPIRED: "has expired (its twenty years have run)",
    JudgmentStatus.ON_HOLD: "is on hold",
}


def why_no_action_can_start(
    index_number: str, status: JudgmentStatus, balance: Decimal | None
) -> str | None:
    """The reason no action may start on this judgment, or None when one may."""
    if status in _STOPPED:
        return f"Judgment {index_number} {_STOPPED[status]}, so no enforcement action can start."
    if balance is None:
        return (
            f"Judgment {index_number} has no balance worked out yet, so no enforcement action "
            "can start: what is owed must be known first. Revalue it (`dragonfly rescore`) "
            "or record its ledger, then try again."
        )
    if balance <= 0:
        return (
            f"Judgment {index_number} has a balance of ${balance:,.2f}: nothing is left to "
            "collect, so no enforcement action can start."
        )
    return None


def why_step_date_is_wrong(on: date, entry_date: date, today: date) -> str | None:
    """A step happens between the judgment's entry and today, never before or after."""
    if on < entry_date:
        return f"The date {on:%Y-%m-%d} is before the judgment was entered ({entry_date:%Y-%m-%d})."
    if on > today:
        return f"The date {on:%Y-%m-%d} is in the future; record a step once it has happened."
    return None


# The dated steps of an action, in the order they happen.
STEP_ORDER = (("issued_on", "issued"), ("served_on", "served"), ("returned_on", "closed"))


def why_step_dates_disagree(dates: dict[str, date | None]) -> str | None:
    """Papers are issued before they are served, and served before they come back: a later step
    is never dated before an earlier one (steps not taken yet are left out)."""
    known = [(name, dates[key]) for key, name in STEP_ORDER if dates.get(key) is not None]
    for (first, first_on), (then, then_on) in pairwise(known):
        assert first_on is not None and then_on is not None
        if then_on < first_on:
            return (
                f"The action would be {then} on {then_on:%Y-%m-%d}, before it was {first} "
                f"({first_on:%Y-%m-%d}); check the date."
            )
    return None


def same_garnishee(first: str | None, second: str | None) -> bool:
    """Two names for the party restrained are one person when they match ignoring case, spaces
    and punctuation; no name means the debtor."""

    def key(name: str | None) -> str:
        return "".join(ch for ch in (name or "").casefold() if ch.isalnum())

    return key(first) == key(second)
