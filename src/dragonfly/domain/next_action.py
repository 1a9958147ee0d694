"""Next best action (policy): one ordered rule table; the first rule that fits gives the advice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dragonfly.domain.actions import CLOSED
from dragonfly.domain.vocabulary import ActionKind, ActionState, PartyKind


@dataclass(frozen=True)
class OpenAction:
    kind: ActionKind
    state: ActionState


@dataclass(frozen=True)
class JudgmentFacts:
    """What the recommendation looks at, gathered by the caller as of one date."""

    enforceable: bool = True
    satisfied: bool = False
    vacated: bool = False
    on_hold: bool = False
    paid_in_full: bool = False
    debtor_kind: PartyKind = PartyKind.UNKNOWN
    has_employer: bool = False
    has_bank: bool = False
    bank_benefits_only: bool = False
    has_real_property: bool = False
    has_vehicle: bool = False
    lien_in_renewal_window: bool = False
    # A lower court's judgment with no transcript docketed: no lien on real property yet (5018(a)).
    no_lien_yet: bool = False
    # Days until the judgment stops being enforceable, when within the warning policy
    # (rule `judgment_expiry_step_days`); None otherwise.
    expires_in_days: int | None = None
    actions: Sequence[OpenAction] = ()

    def open_kinds(self) -> set[ActionKind]:
        return {a.kind for a in self.actions if a.state not in CLOSED}

    def has_open(self, kind: ActionKind, state: ActionState | None = None) -> bool:
        return any(
            a.kind is kind and a.state not in CLOSED and (state is None or a.state is state)
            for a in self.actions
        )

    @property
    def nothing_known(self) -> bool:
        return not (
            self.has_employer or self.has_bank or self.has_real_property or self.has_vehicle
        )

    @property
    def usable_bank(self) -> bool:
        return self.has_bank and not self.bank_benefits_only


@dataclass(frozen=True)
class Recommendation:
    action: ActionKind | None
    reason: str


K = ActionKind
Rule = tuple[Callable[[JudgmentFacts], bool], ActionKind | None, str]

# Read top to bottom; the first rule whose test holds wins.
NEXT_ACTION_RULES: list[Rule] = [
    (lambda f: f.satisfied, None, "The judgment is satisfied: nothing left to enforce."),
    (lambda f: f.vacated, None, "The judgment was vacated: it may not be enforced."),
    (lambda f: f.on_hold, None, "The judgment is on hold: no step until the hold ends."),
    (
        lambda f: f.paid_in_full,
        None,
        "Paid in full: mark the judgment satisfied, then file the satisfaction-piece within "
        "20 days (CPLR 5020).",
    ),
    (lambda f: not f.enforceable, None, "The judgment is past 20 years: it may not be enforced."),
    (
        lambda f: f.expires_in_days is not None,
        None,
        "The judgment stops being enforceable soon: get a payment or a written acknowledgment, "
        "or bring an action on the judgment, before that day (CPLR 211(b)).",
    ),
    (
        lambda f: f.lien_in_renewal_window and not f.has_open(K.REAL_PROPERTY_LIEN),
        K.REAL_PROPERTY_LIEN,
        "The real-property lien is in its renewal window: start the renewal before it lapses.",
    ),
    (
        lambda f: f.no_lien_yet and f.has_real_property,
        None,
        "No lien yet: docket a transcript of the judgment with the county clerk where the real "
        "property is (CPLR 5018(a)); the lien runs ten years from that docketing.",
    ),
    (
        lambda f: (
            f.usable_bank
            and f.has_open(K.RESTRAINING_NOTICE, ActionState.SERVED)
            and not f.has_open(K.PROPERTY_EXECUTION)
        ),
        K.PROPERTY_EXECUTION,
        "A restraining notice is served on the bank: levy the restrained funds by execution.",
    ),
    (
        lambda f: (
            f.usable_bank
            and not f.has_open(K.RESTRAINING_NOTICE)
            and not f.has_open(K.PROPERTY_EXECUTION)
        ),
        K.RESTRAINING_NOTICE,
        "A bank account is known and not benefits-only: restrain it first, then levy.",
    ),
    (
        lambda f: (
            f.has_employer
            and f.debtor_kind is not PartyKind.BUSINESS
            and not f.has_open(K.INCOME_EXECUTION)
        ),
        K.INCOME_EXECUTION,
        "The debtor is an individual with a known employer: start an income execution.",
    ),
    (
        lambda f: f.nothing_known and not f.has_open(K.INFORMATION_SUBPOENA),
        K.INFORMATION_SUBPOENA,
        "Nothing is known about assets: subpoena the debtor and likely banks.",
    ),
]


def next_best_action(facts: JudgmentFacts) -> Recommendation:
    """The first matching rule's action and one-line reason; None when nothing new fits."""
    for applies, action, reason in NEXT_ACTION_RULES:
        if applies(facts):
            return Recommendation(action, reason)
    if facts.open_kinds():
        names = ", ".join(sorted(k.value.replace("_", " ") for k in facts.open_kinds()))
        return Recommendation(None, f"Wait for the open action(s) to run their course: {names}.")
    return Recommendation(None, "No rule fits the known assets: review the file by hand.")
