"""judgment_valuation: one judgment's balance breakdown, score and enforceability, in Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import Enforceability, enforceability
from dragonfly.domain.interest import BalanceBreakdown
from dragonfly.domain.judgment_status import interest_stop
from dragonfly.domain.rules import Rules
from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec
from dragonfly.domain.scoring import AssetSignal, ScoreInputs, ScoreResult, score_judgment
from dragonfly.domain.vocabulary import AssetKind, JudgmentStatus, LedgerKind, PartyKind
from dragonfly.errors import NotFound
from dragonfly.valuation.ledger import ledger_items, stored_judgment_balance

# The address is the debtor's own or, when it has none, its newest recorded contact address, as
# in sql/judgment_inputs.sql.
JUDGMENT_SQL = """
select j.principal, j.costs, j.entry_date, j.interest_regime, j.status,
       d.name, d.kind, coalesce(ca.street, d.street), coalesce(ca.city, d.city),
       coalesce(ca.state, d.state), coalesce(ca.zip, d.zip), coalesce(ca.value, d.raw_address),
       j.debtor_id, j.status_on
from judgments j left join debtors d on d.id = j.debtor_id
left join lateral (
  select dc.street, dc.city, dc.state, dc.zip, dc.value from debtor_contacts dc
  where dc.debtor_id = d.id and dc.kind = 'address' and dc.retired_on is null
    and coalesce(btrim(d.street), '') = '' and coalesce(btrim(d.city), '') = ''
    and coalesce(btrim(d.state), '') = '' and coalesce(btrim(d.zip), '') = ''
    and coalesce(btrim(d.raw_address), '') = ''
  order by dc.learned_on desc, dc.id desc limit 1
) ca on true
where j.id = %s
"""
LEDGER_SQL = """
select id, kind, amount, effective_on, reverses_id from ledger_entries
where judgment_id = %s order by effective_on, id
"""
ACKNOWLEDGMENTS_SQL = (
    "select acknowledged_on from judgment_acknowledgments where judgment_id = %s"
    " order by acknowledged_on"
)
ASSETS_SQL = (
    "select kind, benefits_only from debtor_assets where debtor_id = %s and retired_on is null"
)


class JudgmentNotFound(NotFound):
    exit_code = 2  # the CLI has always answered 2 for a judgment it cannot find


class Valuation(NamedTuple):
    balance: BalanceBreakdown
    score: ScoreResult
    enforceability: Enforceability


def judgment_valuation(
    conn: psycopg.Connection[Any],
    judgment_id: int,
    as_of: date | None = None,
    *,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
) -> Valuation:
    """Balance breakdown (with periods), score (with reasons) and enforceability (CPLR 211(b))
    for one judgment.

    The numbers equal what refresh_judgments stores for the same as-of date.
    Raises JudgmentNotFound, or LedgerError when the ledger cannot be valued.
    """
    rules = rules or rules_in_force()
    spec = spec or shipped_score_spec()
    as_of = as_of or today_in_new_york()
    row = conn.execute(JUDGMENT_SQL, (judgment_id,)).fetchone()
    if row is None:
        raise JudgmentNotFound(f"Judgment {judgment_id} does not exist.")
    principal, costs, entry_date, regime = row[:4]
    ledger = conn.execute(LEDGER_SQL, (judgment_id,)).fetchall()
    stops = interest_stop(JudgmentStatus(row[4]), row[13])
    balance = stored_judgment_balance(
        principal, costs, entry_date, regime, ledger, as_of, rules, stops
    )
    acknowledged = [day for (day,) in conn.execute(ACKNOWLEDGMENTS_SQL, (judgment_id,))]
    payments = [item.on for item in ledger_items(ledger) if item.kind is LedgerKind.PAYMENT]
    until = enforceability(row[2], payments, acknowledged, rules)
    inputs = replace(_score_inputs(conn, row, balance.balance), enforceable_until=until.until)
    score = score_judgment(inputs, as_of, spec, rules)
    return Valuation(balance, score, until)


def _score_inputs(conn: psycopg.Connection[Any], row: tuple[Any, ...], balance: Any) -> ScoreInputs:
    name, kind, street, city, state, zip_code, raw, debtor_id = row[5:13]
    assets: list[AssetSignal] = []
    if debtor_id is not None:
        assets = [
            AssetSignal(AssetKind(k), bool(b))
            for k, b in conn.execute(ASSETS_SQL, (debtor_id,)).fetchall()
        ]
    return ScoreInputs(
        balance=balance,
        entry_date=row[2],
        status=JudgmentStatus(row[4]),
        debtor_name=name,
        debtor_kind=PartyKind(kind) if kind else PartyKind.UNKNOWN,
        street=street,
        city=city,
        state=state,
        zip=zip_code,
        raw_address=raw,
        assets=assets,
    )
