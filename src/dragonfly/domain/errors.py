"""Domain failures: DragonflyError subclasses, so the CLI and API report them the same way."""

from __future__ import annotations

from dragonfly.errors import ConfigError, Conflict, InputError


class RulesFileError(ConfigError):
    """A rules or score-spec file is malformed; the message names the line and the reason."""

    code = "rules_invalid"


class LedgerError(InputError):
    """A balance cannot be computed from these inputs (negative amount, payment before entry...)."""

    code = "bad_ledger"


class InvalidTransition(Conflict):
    """An enforcement action was asked to move to a state its machine does not allow."""

    exit_code = 2
    code = "invalid_transition"

    def __init__(
        self, action_id: int | None, kind: str, state: str, target: str, allowed: list[str]
    ) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (the action is closed)"
        label = f"Action {action_id}" if action_id is not None else "The action"
        super().__init__(
            f"{label} ({kind}) is {state} and cannot move to {target}. "
            f"Allowed from {state}: {allowed_text}.",
            details={"action_id": action_id, "state": state, "target": target, "allowed": allowed},
        )
        self.action_id = action_id
        self.state = state
        self.target = target
        self.allowed = allowed


class RuleNotInForce(ConfigError):
    """A dated rule has no row in force on the day asked (the table starts later)."""

    code = "rule_not_in_force"
