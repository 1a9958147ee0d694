"""One judgment's full picture for the detail page, from the domain and valuation modules."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import kwargs_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import (
    Deadline,
    Enforceability,
    judgment_deadlines,
    open_action_deadlines,
    satisfaction_deadlines,
)
from dragonfly.domain.vocabulary import JudgmentStatus, PartyKind
from dragonfly.errors import NotFound
from dragonfly.services.acknowledgments import acknowledgments_for_judgment
from dragonfly.services.audit import audit_trail
from dragonfly.services.audit_wording import audit_sentence
from dragonfly.services.debtor_contacts import debtor_contacts
from dragonfly.services.debtor_facts import debtor_assets
from dragonfly.services.enforcement import Action, actions_for_judgment
from dragonfly.services.judgments.recommendation import recommend
from dragonfly.services.judgments.status import Standing, judgment_standing
from dragonfly.services.ledger import LedgerEntry, ledger_for_judgment
from dragonfly.services.money.trust import refunded_to_debtor
from dragonfly.services.owners import owner_of_judgment
from dragonfly.services.transcripts import lien_standing


@dataclass(frozen=True)
class PartyRef:
    id: int
    name: str


@dataclass(frozen=True)
class DebtorRef:
    id: int
    name: str | None
    kind: PartyKind
    address: str | None


@dataclass(frozen=True, kw_only=True)
class Judgment:
    """One judgment as the detail page shows it, with its plaintiff and debtor."""

    id: int
    state: str
    court_code: str
    court_name: str
    county_code: str | None
    index_number: str
    index_number_norm: str
    entry_date: date
    principal: Decimal
    costs: Decimal
    interest_regime: str
    status: JudgmentStatus
    case_title: str | None
    external_ref: str | None
    source: str | None
    import_batch_id: int | None
    balance: Decimal | None
    balance_as_of: date | None
    score: int | None
    tier: str | None
    score_version: str | None
    score_as_of: date | None
    overpaid: Decimal | None
    enforceable_until: date | None
    last_action_at: datetime | None
    created_at: datetime
    updated_at: datetime
    plaintiff: PartyRef | None
    debtor: DebtorRef | None


JUDGMENT_COLUMNS = (
    "j.id, j.state, j.court_code, j.court_name, j.county_code, j.index_number,"
    " j.index_number_norm, j.entry_date, j.principal, j.costs,"
    " j.interest_regime::text as interest_regime, j.status::text as status, j.case_title,"
    " j.external_ref, j.source, j.import_batch_id, j.balance, j.balance_as_of, j.score, j.tier,"
    " j.score_version, j.score_as_of, j.overpaid, j.enforceable_until, j.last_action_at,"
    " j.created_at, j.updated_at,"
    " p.id as plaintiff_id, p.name as plaintiff_name, d.id as debtor_id, d.name as debtor_name,"
    " d.kind::text as debtor_kind,"
    " coalesce(d.raw_address, concat_ws(', ', d.street, d.city, d.state || ' ' || d.zip))"
    " as debtor_address"
)


def _judgment_from_row(
    *,
    plaintiff_id: int | None,
    plaintiff_name: str,
    debtor_id: int | None,
    debtor_name: str | None,
    debtor_kind: str,
    debtor_address: str | None,
    status: str,
    **columns: Any,
) -> Judgment:
    """A row of JUDGMENT_COLUMNS, its plaintiff and debtor columns gathered into their refs."""
    return Judgment(
        **columns,
        status=JudgmentStatus(status),
        plaintiff=PartyRef(plaintiff_id, plaintiff_name) if plaintiff_id else None,
        debtor=DebtorRef(debtor_id, debtor_name, PartyKind(debtor_kind), debtor_address or None)
        if debtor_id
        else None,
    )


def load_judgment(conn: psycopg.Connection, judgment_id: int) -> Judgment:
    with conn.cursor(row_factory=kwargs_row(_judgment_from_row)) as cur:
        judgment = cur.execute(
            f"select {JUDGMENT_COLUMNS} from valued_judgments j"
            " left join plaintiffs p on p.id = j.plaintiff_id"
            " left join debtors d on d.id = j.debtor_id where j.id = %s",
            (judgment_id,),
        ).fetchone()
    if judgment is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    return judgment


def deadlines_for(
    judgment: Judgment,
    actions: list[Action],
    standing: Standing | None = None,
    lien: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The judgment's own dates and each open action's, soonest first, with days left. `lien`
    (services.transcripts.lien_standing): the docketing the lien dates run from; none when it
    says there is no lien yet."""
    rules, today = rules_in_force(), today_in_new_york()
    docketed = lien["docketed_on"] if lien else judgment.entry_date
    found = judgment_deadlines(
        judgment.entry_date,
        rules,
        judgment.enforceable_until,
        docketed,
        has_lien=docketed is not None,
    )
    if (
        standing
        and standing.status is JudgmentStatus.SATISFIED
        and standing.status_on
        and standing.satisfaction_filed_on is None  # filed: the deadline is met
    ):
        found += satisfaction_deadlines(standing.status_on, rules)
    if standing and standing.status is JudgmentStatus.ON_HOLD and standing.hold_until:
        # The firm's own date, not a rule's: the hold is reviewed then (lifted or extended).
        found.append(Deadline("hold_ends", standing.hold_until, "review the hold: lift or extend"))
    for action in actions:
        found += open_action_deadlines(
            action.kind, action.state, action.issued_on, action.served_on, rules,
            third_party=action.third_party,
        )  # fmt: skip
    shown = [{**asdict(d), "days_left": (d.due_on - today).days} for d in found]
    return sorted(shown, key=lambda d: d["due_on"])


def enforceability_out(until: Enforceability, ledger: list[LedgerEntry]) -> dict[str, Any]:
    """The judgment's enforceable-until date, its basis, and the sentence the page shows."""
    rules = rules_in_force()
    if until.basis == "payment":
        reversed_ids = {e.reverses_id for e in ledger if e.reverses_id is not None}
        paid = [
            e.amount
            for e in ledger
            if e.kind == "payment"
            and e.effective_on == until.basis_on
            and e.reverses_id is None
            and e.id not in reversed_ids
        ]
        what = "payment" if len(paid) == 1 else "payments"
        because = f" because of the {what} of ${sum(paid, Decimal(0)):,.2f} on {until.basis_on}"
    elif until.basis == "acknowledgment":
        because = f" because of the written acknowledgment of the debt on {until.basis_on}"
    else:
        because = f", 20 years from entry on {until.basis_on}"
    return {
        "until": until.until,
        "basis": until.basis,
        "basis_on": until.basis_on,
        "policy": rules.choice("judgment_enforceability_extension"),
        "citation": rules.rule("judgment_years_after_payment_or_acknowledgment").citation,
        "sentence": f"Enforceable until {until.until}{because}; confirm with counsel.",
    }


def _trail(conn: psycopg.Connection, judgment_id: int, debtor_id: int | None) -> list[Any]:
    """The judgment's audit events and its debtor's (facts recorded about it), oldest first."""
    events = audit_trail(conn, "judgment", judgment_id)
    if debtor_id is not None:
        events += audit_trail(conn, "debtor", debtor_id)
    return sorted(events, key=lambda e: e.at)


def judgment_detail(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    from dragonfly.valuation import judgment_valuation

    judgment = load_judgment(conn, judgment_id)
    debtor = judgment.debtor
    standing = judgment_standing(conn, judgment_id)
    valuation = judgment_valuation(conn, judgment_id, rules=rules_in_force())
    balance, score = valuation.balance, valuation.score
    actions = actions_for_judgment(conn, judgment_id)
    ledger = ledger_for_judgment(conn, judgment_id)
    lien = lien_standing(conn, judgment_id, judgment.entry_date, judgment.court_code)
    return {
        "judgment": judgment,
        "balance": asdict(balance),
        "refunded_to_debtor": refunded_to_debtor(conn, judgment_id),
        "score": asdict(score),
        "next_best_action": recommend(
            conn, judgment, actions, today_in_new_york(), lien["docketed_on"]
        ),
        "standing": standing,
        "debtor_assets": debtor_assets(conn, debtor.id) if debtor else [],
        "enforceability": enforceability_out(valuation.enforceability, ledger),
        "acknowledgments": acknowledgments_for_judgment(conn, judgment_id),
        "debtor_contacts": debtor_contacts(conn, debtor.id) if debtor else [],
        "deadlines": deadlines_for(judgment, actions, standing, lien),
        "lien": lien,
        "owner": owner_of_judgment(conn, judgment_id),
        "actions": actions,
        "ledger": ledger,
        "audit": [
            {**vars(event), "sentence": audit_sentence(vars(event))}
            for event in _trail(conn, judgment_id, debtor.id if debtor else None)
        ],
    }
