"""Next best action: the ordered policy table gives one action and a one-line reason."""

from __future__ import annotations

import pytest

from dragonfly.domain.next_action import JudgmentFacts, OpenAction, next_best_action
from dragonfly.domain.vocabulary import ActionKind, ActionState, PartyKind

K = ActionKind
S = ActionState


@pytest.mark.parametrize(
    ("facts", "action", "words"),
    [
        (JudgmentFacts(), K.INFORMATION_SUBPOENA, "Nothing is known"),
        (JudgmentFacts(has_bank=True), K.RESTRAINING_NOTICE, "restrain"),
        (
            JudgmentFacts(has_bank=True, actions=[OpenAction(K.RESTRAINING_NOTICE, S.SERVED)]),
            K.PROPERTY_EXECUTION,
            "levy",
        ),
        (
            JudgmentFacts(has_bank=True, bank_benefits_only=True, has_employer=True,
                          debtor_kind=PartyKind.INDIVIDUAL),
            K.INCOME_EXECUTION,
            "employer",
        ),
        (JudgmentFacts(has_employer=True, debtor_kind=PartyKind.INDIVIDUAL), K.INCOME_EXECUTION,
         "income execution"),
        (JudgmentFacts(has_bank=True, lien_in_renewal_window=True), K.REAL_PROPERTY_LIEN, "renew"),
        (JudgmentFacts(has_bank=True, satisfied=True), None, "satisfied"),
        (JudgmentFacts(has_bank=True, enforceable=False), None, "20 years"),
        # Near expiry the step that saves the judgment comes before any enforcement.
        (JudgmentFacts(has_bank=True, lien_in_renewal_window=True, expires_in_days=7), None,
         "written acknowledgment"),
        (JudgmentFacts(satisfied=True, expires_in_days=7), None, "satisfied"),
        # A lower court's judgment without a transcript: real property known -> docket one.
        (JudgmentFacts(has_real_property=True, has_bank=True, no_lien_yet=True), None,
         "No lien yet: docket a transcript"),
        (JudgmentFacts(has_bank=True, no_lien_yet=True), K.RESTRAINING_NOTICE, "restrain"),
        (JudgmentFacts(has_real_property=True), None, "No rule fits"),
    ],
)  # fmt: skip
def test_policy_rows(facts: JudgmentFacts, action: ActionKind | None, words: str) -> None:
    advice = next_best_action(facts)
    assert advice.action is action
    assert words in advice.reason


def test_issued_restraining_notice_waits_rather_than_repeating() -> None:
    facts = JudgmentFacts(has_bank=True, actions=[OpenAction(K.RESTRAINING_NOTICE, S.ISSUED)])
    advice = next_best_action(facts)
    assert advice.action is None and "restraining notice" in advice.reason


def test_closed_actions_do_not_block_a_new_one() -> None:
    facts = JudgmentFacts(actions=[OpenAction(K.INFORMATION_SUBPOENA, S.COMPLETED)])
    assert next_best_action(facts).action is K.INFORMATION_SUBPOENA


def test_benefits_only_bank_is_not_restrained() -> None:
    facts = JudgmentFacts(has_bank=True, bank_benefits_only=True)
    assert next_best_action(facts).action is not K.RESTRAINING_NOTICE


def test_business_with_employer_record_gets_no_income_execution() -> None:
    facts = JudgmentFacts(has_employer=True, debtor_kind=PartyKind.BUSINESS)
    assert next_best_action(facts).action is None
