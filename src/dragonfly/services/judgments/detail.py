"""One judgment's full picture for the detail page, from the domain and valuation modules."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import (
    action_deadlines,
    judgment_deadlines,
    satisfaction_deadlines,
)
from dragonfly.domain.vocabulary import ActionKind, JudgmentStatus
from dragonfly.errors import NotFound
from dragonfly.services.audit import audit_trail
from dragonfly.services.audit_wording import audit_sentence
from dragonfly.services.debtor_facts import debtor_assets
from dragonfly.services.enforcement import actions_for_judgment
from dragonfly.services.judgments.recommendation import recommend
from dragonfly.services.judgments.status import Standing, judgment_standing
from dragonfly.services.ledger import ledger_for_judgment

JUDGMENT_COLUMNS = (
    "j.id, j.state, j.court_code, j.court_name, j.county_code, j.index_number,"
    " j.index_number_norm, j.entry_date, j.principal, j.costs, j.interest_regime::text,"
    " j.status::text, j.case_title, j.external_ref, j.source, j.import_batch_id, j.balance,"
    " j.balance_as_of, j.score, j.tier, j.score_version, j.score_as_of, j.last_action_at,"
    " j.created_at, j.updated_at, p.id, p.name, d.id, d.name, d.kind::text,"
    " coalesce(d.raw_address, concat_ws(', ', d.street, d.city, d.state || ' ' || d.zip))"
)
JUDGMENT_KEYS = [
    c.strip().removeprefix("j.").removesuffix("::text") for c in JUDGMENT_COLUMNS.split(",")[:25]
]


def load_judgment(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    row = conn.execute(
        f"select {JUDGMENT_COLUMNS} from valued_judgments j"
        " left join plaintiffs p on p.id = j.plaintiff_id"
        " left join debtors d on d.id = j.debtor_id where j.id = %s",
        (judgment_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    judgment = dict(zip(JUDGMENT_KEYS, row[:25], strict=True))
    judgment["plaintiff"] = {"id": row[25], "name": row[26]} if row[25] else None
    judgment["debtor"] = (
        {"id": row[27], "name": row[28], "kind": row[29], "address": row[30] or None}
        if row[27]
        else None
    )
    return judgment


def deadlines_for(
    judgment: dict[str, Any], actions: list[dict[str, Any]], standing: Standing | None = None
) -> list[dict[str, Any]]:
    """The judgment's own dates and each open action's, soonest first, with days left."""
    rules, today = rules_in_force(), today_in_new_york()
    found = list(judgment_deadlines(judgment["entry_date"], rules))
    if standing and standing.status is JudgmentStatus.SATISFIED and standing.status_on:
        found += satisfaction_deadlines(standing.status_on, rules)
    for action in actions:
        if action["allowed_transitions"]:
            found += action_deadlines(
                ActionKind(action["kind"]), action["issued_on"], action["served_on"], rules
            )
    shown = [{**asdict(d), "days_left": (d.due_on - today).days} for d in found]
    return sorted(shown, key=lambda d: d["due_on"])


def judgment_detail(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    from dragonfly.valuation import judgment_valuation

    judgment = load_judgment(conn, judgment_id)
    debtor = judgment["debtor"]
    standing = judgment_standing(conn, judgment_id)
    valuation = judgment_valuation(conn, judgment_id, rules=rules_in_force())
    balance, score = valuation.balance, valuation.score
    actions = actions_for_judgment(conn, judgment_id)
    return {
        "judgment": judgment,
        "balance": asdict(balance),
        "score": asdict(score),
        "next_best_action": recommend(conn, judgment, actions, today_in_new_york()),
        "standing": standing,
        "debtor_assets": debtor_assets(conn, debtor["id"]) if debtor else [],
        "deadlines": deadlines_for(judgment, actions, standing),
        "actions": actions,
        "ledger": ledger_for_judgment(conn, judgment_id),
        "audit": [
            {**event, "sentence": audit_sentence(event)}
            for event in audit_trail(conn, "judgment", judgment_id)
        ],
    }
