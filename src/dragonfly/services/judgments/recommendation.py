"""The next best action for one judgment: gather the facts, let the domain's rule table decide."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import psycopg

from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import (
    judgment_expiry,
    lien_renewal_window,
    needs_transcript_for_lien,
)
from dragonfly.domain.next_action import JudgmentFacts, OpenAction, next_best_action
from dragonfly.domain.vocabulary import AssetKind, JudgmentStatus, PartyKind

if TYPE_CHECKING:
    from dragonfly.services.enforcement import Action
    from dragonfly.services.judgments.detail import Judgment


def _asset_flags(conn: psycopg.Connection, debtor_id: int | None) -> dict[str, bool]:
    rows = (
        conn.execute(
            "select kind::text, benefits_only from debtor_assets"
            " where debtor_id = %s and retired_on is null",
            (debtor_id,),
        ).fetchall()
        if debtor_id
        else []
    )
    kinds = {AssetKind(kind) for kind, _ in rows}
    banks = [benefits for kind, benefits in rows if kind == AssetKind.BANK]
    return {
        "has_employer": AssetKind.EMPLOYER in kinds,
        "has_bank": bool(banks),
        "bank_benefits_only": bool(banks) and all(banks),
        "has_real_property": AssetKind.REAL_PROPERTY in kinds,
        "has_vehicle": AssetKind.VEHICLE in kinds,
    }


def recommend(
    conn: psycopg.Connection,
    judgment: Judgment,
    actions: list[Action],
    as_of: date,
    lien_docketed_on: date | None,
) -> dict[str, Any]:
    """{action, reason}: what to do next and why, in one sentence. `lien_docketed_on`: the
    docketing the lien runs from (services.transcripts.lien_standing), None when no lien yet."""
    rules = rules_in_force()
    debtor = judgment.debtor
    # The stored enforceable-until date (CPLR 211(b)), as the Portfolio and the sweep use.
    until = judgment.enforceable_until or judgment_expiry(judgment.entry_date, rules)
    days_left = (until - as_of).days
    facts = JudgmentFacts(
        enforceable=judgment.status is not JudgmentStatus.EXPIRED and as_of < until,
        expires_in_days=days_left
        if 0 < days_left <= rules.whole("judgment_expiry_step_days")
        else None,
        no_lien_yet=lien_docketed_on is None and needs_transcript_for_lien(judgment.court_code),
        satisfied=judgment.status is JudgmentStatus.SATISFIED,
        vacated=judgment.status is JudgmentStatus.VACATED,
        on_hold=judgment.status is JudgmentStatus.ON_HOLD,
        paid_in_full=judgment.balance is not None and judgment.balance <= 0,
        debtor_kind=debtor.kind if debtor else PartyKind.UNKNOWN,
        lien_in_renewal_window=lien_docketed_on is not None
        and lien_renewal_window(lien_docketed_on, rules, as_of),
        actions=[OpenAction(a.kind, a.state) for a in actions],
        **_asset_flags(conn, debtor.id if debtor else None),
    )
    advice = next_best_action(facts)
    reason = advice.reason.replace("before that day", f"before {until:%Y-%m-%d}")
    return {"action": advice.action.value if advice.action else None, "reason": reason}
