"""Information subpoena to a third party (CPLR 5224(a)(3)), with the attorney's certification
(5224(a)(3)(iv)): the subpoena, the questions as original and copy, a return-address sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind
from dragonfly.papers.actions import open_action
from dragonfly.papers.facts import JudgmentRow, refuse_unless_enforceable
from dragonfly.papers.garnishees import third_party_to_question
from dragonfly.papers.prepared import Prepared


def information_subpoena_third_party(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_enforceable(j, rules, as_of)
    garnishee = third_party_to_question(conn, j)
    data["garnishee"] = garnishee.facts()
    data["answer_days"] = rules.whole("information_subpoena_answer_days")
    action = open_action(conn, j, ActionKind.INFORMATION_SUBPOENA, garnishee.name, actor)
    return Prepared(data, action)
