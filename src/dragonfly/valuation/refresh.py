"""refresh_judgments: recompute and store balance and score for many judgments at once."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import psycopg

from dragonfly.domain.deadlines import last_expired_entry_date
from dragonfly.domain.errors import LedgerError
from dragonfly.domain.interest import compute_balance
from dragonfly.domain.rules import Rules
from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec
from dragonfly.domain.vocabulary import InterestRegime
from dragonfly.valuation.ledger import ledger_items
from dragonfly.valuation.settings import active_rules, today_in_new_york

_SQL = resources.files("dragonfly.valuation").joinpath("sql")
VALUES_SQL = _SQL.joinpath("judgment_values.sql").read_text("utf-8")
REFRESH_SQL = (
    _SQL.joinpath("refresh_judgments.sql")
    .read_text("utf-8")
    .replace("-- judgment_values --", VALUES_SQL)
)
COUNT_VALUES_SQL = f"select count(*), coalesce(sum(total), 0) from ({VALUES_SQL}) v"

SCOPE = """
  (%(ids)s::bigint[] is null or j.id = any(%(ids)s::bigint[]))
  and (%(batch_id)s::bigint is null or j.import_batch_id = %(batch_id)s::bigint)
"""

LEDGERED_SQL = (
    """
select j.id, j.principal, j.costs, j.entry_date, j.interest_regime,
       l.id, l.kind, l.amount, l.effective_on, l.reverses_id
from judgments j
join ledger_entries l on l.judgment_id = j.id
where """
    + SCOPE
    + " order by j.id, l.effective_on, l.id"
)

CREATE_LEDGER_BALANCES = """
create temporary table if not exists valuation_ledger_balances (
  id bigint primary key, balance numeric(14,2)
) on commit delete rows;
truncate valuation_ledger_balances
"""


def refresh_judgments(
    conn: psycopg.Connection[Any],
    *,
    judgment_ids: list[int] | None = None,
    batch_id: int | None = None,
    as_of: date | None = None,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
) -> int:
    """Recompute and store balance and score (v1) for the given judgments, or all of them.

    Judgments without ledger entries are valued entirely in SQL; those with entries get their
    balance from the Python ledger walk (the same code the calculator uses). Returns how many
    judgments got new values (rows already up to date are not rewritten). Runs in one
    transaction: all stored or none.
    """
    params = _parameters(rules, spec, as_of, judgment_ids, batch_id)
    with conn.transaction():
        _prepare_ledger_balances(conn, params)
        return conn.execute(REFRESH_SQL, params).rowcount


def compute_only(
    conn: psycopg.Connection[Any],
    *,
    as_of: date | None = None,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
) -> int:
    """Value every judgment exactly as refresh_judgments does but store nothing (benchmarks).

    Returns how many judgments were valued.
    """
    params = _parameters(rules, spec, as_of, None, None)
    with conn.transaction():
        _prepare_ledger_balances(conn, params)
        row = conn.execute(COUNT_VALUES_SQL, params).fetchone()
    return int(row[0]) if row else 0


def _prepare_ledger_balances(conn: psycopg.Connection[Any], params: dict[str, Any]) -> None:
    # The values are hash-joined back to judgments: keep a full refresh's hash in memory.
    if not params["scoped"]:
        conn.execute("set local work_mem = '256MB'")
    conn.execute(CREATE_LEDGER_BALANCES)
    _store_ledger_balances(conn, params, params["rules"])


def _store_ledger_balances(
    conn: psycopg.Connection[Any], params: dict[str, Any], rules: Rules
) -> None:
    rows = conn.execute(LEDGERED_SQL, params).fetchall()
    with conn.cursor().copy("copy valuation_ledger_balances (id, balance) from stdin") as copy:
        for judgment_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            entries = list(group)
            copy.write_row((judgment_id, _ledger_balance(entries, params["as_of"], rules)))


def _ledger_balance(entries: list[tuple[Any, ...]], as_of: date, rules: Rules) -> Decimal | None:
    """The Python balance, or None when the ledger cannot be valued (payment before entry)."""
    _, principal, costs, entry_date, regime = entries[0][:5]
    items = ledger_items(row[5:] for row in entries)
    try:
        breakdown = compute_balance(
            principal,
            entry_date,
            InterestRegime(regime),
            items,
            max(as_of, entry_date),
            rules,
            costs=costs,
        )
    except LedgerError:
        return None
    return breakdown.balance


def _parameters(
    rules: Rules | None,
    spec: ScoreSpec | None,
    as_of: date | None,
    judgment_ids: list[int] | None,
    batch_id: int | None,
) -> dict[str, Any]:
    rules = rules or active_rules()
    spec = spec or shipped_score_spec()
    as_of = as_of or today_in_new_york()
    tiers = sorted(spec.tiers, key=lambda t: t.min)
    return {
        "rules": rules,
        "as_of": as_of,
        "ids": judgment_ids,
        "batch_id": batch_id,
        "scoped": judgment_ids is not None or batch_id is not None,
        "standard_rate": rules.standard_rate,
        "consumer_rate": rules.consumer_rate,
        "act_date": rules.consumer_act_date,
        "nine_then_two": rules.pre_act_nine_then_two,
        "days_per_year": rules.days_per_year,
        "expired_through": last_expired_entry_date(as_of, rules),
        "version": spec.version,
        "amount_from": spec.amount.lower_bounds,
        "amount_points": spec.amount.points,
        "age_from": [Decimal(d) for d in spec.age_lower_bounds()],
        "age_points": spec.age.points,
        "business_pattern": spec.business_pattern(),
        "kind_business": spec.debtor_kind.business,
        "kind_individual": spec.debtor_kind.individual,
        "kind_unnamed": spec.debtor_kind.unnamed,
        "street_pattern": spec.locatability.street_number,
        "zip_pattern": spec.locatability.zip,
        "loc_full": spec.locatability.full,
        "loc_partial": spec.locatability.partial,
        "loc_none": spec.locatability.none,
        "asset_employer": spec.assets.employer,
        "asset_bank": spec.assets.bank,
        "asset_real_property": spec.assets.real_property,
        "asset_vehicle": spec.assets.vehicle,
        "asset_max": spec.assets.max,
        "tier_floors": [t.min for t in tiers],
        "tier_letters": [t.tier for t in tiers],
    }
