"""Restraining notices (CPLR 5222) to the debtor and to a third party, the CPLR 5222-a bank packet
for a natural person's account, and the notice to judgment debtor (CPLR 5222(d), (e))."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind
from dragonfly.papers.actions import open_action, open_restraint_on_third_party
from dragonfly.papers.facts import (
    JudgmentRow,
    PaperRefused,
    balance_due,
    money,
    refuse_unless_collectable,
    refuse_unless_enforceable,
    refuse_without_debtor_address,
)
from dragonfly.papers.garnishees import (
    bank_to_restrain,
    natural_person,
    third_party_to_restrain,
)
from dragonfly.papers.prepared import Prepared


def _restraint_terms(data: dict[str, Any], rules: Rules) -> None:
    data["restraint_years"] = rules.whole("restraining_notice_effective_years")
    data["debtor_notice_days"] = rules.whole("debtor_notice_days")
    multiple = rules.whole("restraint_hold_multiple")
    data["hold_multiple"] = multiple
    data["amounts"]["hold_up_to"] = money(multiple * balance_due(data))


def restraining_notice_debtor(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_collectable(j, data, rules, as_of)
    refuse_without_debtor_address(data, j, "the debtor's address (where the notice is served)")
    _restraint_terms(data, rules)
    return Prepared(data, open_action(conn, j, ActionKind.RESTRAINING_NOTICE, None, actor))


def restraining_notice_third_party(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_collectable(j, data, rules, as_of)
    garnishee = third_party_to_restrain(conn, j)
    data["garnishee"] = garnishee.facts()
    _restraint_terms(data, rules)
    action = open_action(conn, j, ActionKind.RESTRAINING_NOTICE, garnishee.name, actor)
    return Prepared(data, action)


def restraining_notice_bank_packet(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_collectable(j, data, rules, as_of)
    if not natural_person(j):
        raise PaperRefused(
            f"The debtor on judgment {j.index_number} is a business: the CPLR 5222-a packet is "
            "for a natural person's account; make 'restraining_notice_third_party' instead."
        )
    garnishee = bank_to_restrain(conn, j)
    data["garnishee"] = garnishee.facts()
    _restraint_terms(data, rules)
    action = open_action(conn, j, ActionKind.RESTRAINING_NOTICE, garnishee.name, actor)
    return Prepared(data, action)


def notice_to_judgment_debtor(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_enforceable(j, rules, as_of)
    refuse_without_debtor_address(data, j, "the debtor's address (where the notice is mailed)")
    data["debtor_notice_days"] = rules.whole("debtor_notice_days")
    # The notice belongs to the judgment, not to the restraint it follows: confirming it mailed
    # must not mark the restraint on the bank served. Its facts name that restraint.
    data["follows_restraint_action_id"] = open_restraint_on_third_party(conn, j)
    return Prepared(data, None)
