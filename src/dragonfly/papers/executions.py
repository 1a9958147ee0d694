"""Property execution (CPLR 5230) with the exemption notices a natural person's debtor receives."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.domain.deadlines import needs_transcript_for_lien
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind
from dragonfly.papers.actions import open_action
from dragonfly.papers.facts import (
    JudgmentRow,
    refuse_unless_collectable,
    refuse_without_debtor_address,
    spelled,
)
from dragonfly.papers.garnishees import bank_on_record, natural_person
from dragonfly.papers.prepared import Prepared
from dragonfly.services.transcripts import transcripts_for_judgment


def property_execution(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_collectable(j, data, rules, as_of)
    refuse_without_debtor_address(data, j, "the debtor's last known address (CPLR 5230(a))")
    data["return_days"] = rules.whole("property_execution_return_days")
    data["levy_void_days"] = rules.whole("levy_void_after_days")
    data["natural_person"] = natural_person(j)
    # A bank on record fills Address A of the claim forms; otherwise the officer who levies does.
    bank = bank_on_record(conn, j) if data["natural_person"] else None
    data["garnishee"] = bank.facts() if bank else None
    lower_court = needs_transcript_for_lien(j.court_code)
    data["lower_court"] = lower_court
    data["transcripts"] = (
        [
            {"county": t.county_name, "filed_on": spelled(t.docketed_on)}
            for t in transcripts_for_judgment(conn, j.id)
        ]
        if lower_court
        else []
    )
    action = open_action(conn, j, ActionKind.PROPERTY_EXECUTION, None, actor)
    return Prepared(data, action)
