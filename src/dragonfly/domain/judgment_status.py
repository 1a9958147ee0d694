"""A judgment's status as a small state machine, changed by people with a reason.

active -> satisfied | vacated | on hold, and each back to active; on hold -> satisfied | vacated.
Expired is set only by the rules (the nightly sweep), never by hand. Satisfied and vacated carry
the day they happened, from which interest stops accruing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dragonfly.domain.vocabulary import JudgmentStatus
from dragonfly.errors import Conflict, InputError

S = JudgmentStatus
MOVES: dict[JudgmentStatus, frozenset[JudgmentStatus]] = {
    S.ACTIVE: frozenset({S.SATISFIED, S.VACATED, S.ON_HOLD}),
    S.ON_HOLD: frozenset({S.ACTIVE, S.SATISFIED, S.VACATED}),
    S.SATISFIED: frozenset({S.ACTIVE}),
    S.VACATED: frozenset({S.ACTIVE}),
    S.EXPIRED: frozenset(),
}
# Interest stops on the day a judgment is satisfied or vacated.
INTEREST_STOPS: frozenset[JudgmentStatus] = frozenset({S.SATISFIED, S.VACATED})


class StatusChangeRefused(Conflict):
    code = "invalid_status_change"


@dataclass(frozen=True)
class StatusChange:
    """What a change stores on the judgment."""

    status: JudgmentStatus
    status_on: date | None
    reason: str
    hold_until: date | None


def allowed_status_moves(status: JudgmentStatus) -> list[JudgmentStatus]:
    return [s for s in JudgmentStatus if s in MOVES[status]]


def plan_status_change(
    current: JudgmentStatus,
    target: JudgmentStatus,
    *,
    reason: str,
    on: date | None,
    until: date | None,
    entry_date: date,
    today: date,
) -> StatusChange:
    """Check a change and say what to store; Conflict or InputError (naming the field) if not."""
    if target not in MOVES[current]:
        allowed = ", ".join(s.value for s in allowed_status_moves(current)) or "none"
        why = " (expiry is set by the rules, not by hand)" if S.EXPIRED in (current, target) else ""
        raise StatusChangeRefused(
            f"A judgment that is {current.value} cannot become {target.value}{why}. "
            f"Allowed from {current.value}: {allowed}.",
            details={"status": current.value, "target": target.value},
        )
    if not reason.strip():
        raise InputError.in_field(
            "reason", "Say why the status changes (e.g. 'paid in full by check 1042')."
        )
    if target is S.ON_HOLD:
        if until is None or until <= today:
            raise InputError.in_field(
                "until", "A hold needs an end date after today; it is reviewed then."
            )
        return StatusChange(target, today, reason.strip(), until)
    if target in INTEREST_STOPS:
        day = on or today
        if day < entry_date or day > today:
            raise InputError.in_field(
                "on",
                f"The date {day:%Y-%m-%d} must fall between the entry of the judgment "
                f"({entry_date:%Y-%m-%d}) and today.",
            )
        return StatusChange(target, day, reason.strip(), None)
    return StatusChange(target, None, reason.strip(), None)


def interest_stop(status: JudgmentStatus, status_on: date | None) -> date | None:
    """The day interest stops running (satisfaction or vacatur), or None while it runs."""
    return status_on if status in INTEREST_STOPS else None
