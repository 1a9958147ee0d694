"""The enforcement action state machine: every move allowed and every other refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dragonfly.domain.actions import (
    CLOSED,
    KIND_RESULT,
    allowed_transitions,
    record_transition,
    transition,
)
from dragonfly.domain.errors import InvalidTransition
from dragonfly.domain.vocabulary import ActionKind, ActionState
from dragonfly.errors import InputError

S = ActionState
ENDINGS = {S.FAILED, S.EXPIRED, S.CANCELLED}


def expected_moves(kind: ActionKind, state: ActionState) -> set[ActionState]:
    """The machine as DOMAIN.md draws it, written out independently of the implementation."""
    if state in (S.COMPLETED, S.FAILED, S.EXPIRED, S.CANCELLED):
        return set()
    forward = {
        S.DRAFT: {S.ISSUED},
        S.ISSUED: {S.SERVED},
        S.SERVED: {KIND_RESULT.get(kind, S.COMPLETED)},
        S.ANSWERED: {S.COMPLETED},
        S.LEVIED: {S.COMPLETED},
        S.WITHHOLDING: {S.COMPLETED},
    }[state]
    return forward | ENDINGS


CASES = [(k, s) for k in ActionKind for s in ActionState]


@pytest.mark.parametrize(("kind", "state"), CASES)
def test_every_transition_is_allowed_or_refused(kind: ActionKind, state: ActionState) -> None:
    for target in ActionState:
        if target in expected_moves(kind, state):
            assert transition(7, kind, state, target) is target
            continue
        with pytest.raises(InvalidTransition) as refused:
            transition(7, kind, state, target)
        assert refused.value.action_id == 7
        assert refused.value.state == state.value
        assert refused.value.allowed == [s.value for s in allowed_transitions(state, kind)]


def test_served_result_per_kind() -> None:
    assert allowed_transitions(S.SERVED, ActionKind.INFORMATION_SUBPOENA)[0] is S.ANSWERED
    assert allowed_transitions(S.SERVED, ActionKind.PROPERTY_EXECUTION)[0] is S.LEVIED
    assert allowed_transitions(S.SERVED, ActionKind.INCOME_EXECUTION)[0] is S.WITHHOLDING
    assert allowed_transitions(S.SERVED, ActionKind.RESTRAINING_NOTICE)[0] is S.COMPLETED


def test_without_a_kind_served_lists_every_result() -> None:
    assert set(allowed_transitions(S.SERVED)) == {
        S.ANSWERED, S.LEVIED, S.WITHHOLDING, S.COMPLETED, *ENDINGS,
    }  # fmt: skip
    assert all(allowed_transitions(state) == [] for state in CLOSED)


def test_refusal_message_names_action_state_and_allowed_states() -> None:
    with pytest.raises(InvalidTransition) as refused:
        transition(42, ActionKind.INFORMATION_SUBPOENA, S.DRAFT, S.SERVED)
    message = refused.value.message
    assert "Action 42" in message and "draft" in message and "served" in message
    assert "issued, failed, expired, cancelled" in message
    with pytest.raises(InvalidTransition, match="closed"):
        transition(42, ActionKind.SETTLEMENT, S.COMPLETED, S.DRAFT)


def test_record_transition_carries_who_and_when() -> None:
    at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    record = record_transition(5, ActionKind.DEMAND_LETTER, S.DRAFT, S.ISSUED, "ops@firm", at)
    assert (record.from_state, record.to_state, record.actor, record.at) == (
        S.DRAFT, S.ISSUED, "ops@firm", at,
    )  # fmt: skip
    with pytest.raises(InputError):
        record_transition(5, ActionKind.DEMAND_LETTER, S.DRAFT, S.ISSUED, " ", at)
    with pytest.raises(InputError):
        record_transition(
            5, ActionKind.DEMAND_LETTER, S.DRAFT, S.ISSUED, "x", at.replace(tzinfo=None)
        )
    with pytest.raises(InvalidTransition):
        record_transition(5, ActionKind.DEMAND_LETTER, S.DRAFT, S.COMPLETED, "x", at)
