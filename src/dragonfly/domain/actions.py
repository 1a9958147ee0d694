"""The enforcement action state machine: only listed moves, each one validated and attributed.

draft -> issued -> served -> (answered | levied | withholding) -> completed, and from any open
state: failed, expired, cancelled. Which middle state applies depends on the kind (see KIND_RESULT).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dragonfly.domain.errors import InvalidTransition
from dragonfly.domain.vocabulary import ActionKind, ActionState
from dragonfly.errors import InputError

S = ActionState
CLOSED: frozenset[ActionState] = frozenset({S.COMPLETED, S.FAILED, S.EXPIRED, S.CANCELLED})
OPEN: frozenset[ActionState] = frozenset(set(ActionState) - CLOSED)
ENDINGS = [S.FAILED, S.EXPIRED, S.CANCELLED]

# What a served action turns into; kinds not listed go straight from served to completed.
KIND_RESULT: dict[ActionKind, ActionState] = {
    ActionKind.INFORMATION_SUBPOENA: S.ANSWERED,
    ActionKind.PROPERTY_EXECUTION: S.LEVIED,
    ActionKind.INCOME_EXECUTION: S.WITHHOLDING,
}

_FORWARD: dict[ActionState, list[ActionState]] = {
    S.DRAFT: [S.ISSUED],
    S.ISSUED: [S.SERVED],
    S.SERVED: [S.ANSWERED, S.LEVIED, S.WITHHOLDING, S.COMPLETED],
    S.ANSWERED: [S.COMPLETED],
    S.LEVIED: [S.COMPLETED],
    S.WITHHOLDING: [S.COMPLETED],
}


def allowed_transitions(state: ActionState, kind: ActionKind | None = None) -> list[ActionState]:
    """States reachable in one move; with `kind`, only the served-result that kind uses."""
    if state in CLOSED:
        return []
    forward = list(_FORWARD[state])
    if state is S.SERVED and kind is not None:
        forward = [KIND_RESULT.get(kind, S.COMPLETED)]
    return forward + ENDINGS


def transition(
    action_id: int | None, kind: ActionKind, state: ActionState, target: ActionState
) -> ActionState:
    """Validate one move and return the new state, or raise InvalidTransition."""
    allowed = allowed_transitions(state, kind)
    if target not in allowed:
        raise InvalidTransition(
            action_id, kind.value, state.value, target.value, [s.value for s in allowed]
        )
    return target


@dataclass(frozen=True)
class TransitionRecord:
    """One audited move, as stored in action_transitions."""

    action_id: int
    from_state: ActionState
    to_state: ActionState
    actor: str
    at: datetime
    note: str = ""


def record_transition(
    action_id: int,
    kind: ActionKind,
    state: ActionState,
    target: ActionState,
    actor: str,
    at: datetime,
    note: str = "",
) -> TransitionRecord:
    """A validated move with who and when; refuses an anonymous actor or a naive timestamp."""
    if not actor.strip():
        raise InputError("A transition needs the name of the person or process that made it.")
    if at.tzinfo is None:
        raise InputError("A transition time must carry its time zone.")
    return TransitionRecord(
        action_id, state, transition(action_id, kind, state, target), actor, at, note
    )
