"""The query that values judgments (balance and score v1) and the parameters it takes.

Judgments without ledger entries are valued entirely in SQL; those with entries get their
balance from the Python ledger walk (the same code the calculator uses), staged in a temporary
table the query joins.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.business_days import ny_public_holidays_between
from dragonfly.domain.deadlines import LOWER_COURT_KINDS, enforceability
from dragonfly.domain.errors import LedgerError
from dragonfly.domain.judgment_status import INTEREST_STOPS, interest_stop
from dragonfly.domain.rules import Rules
from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec
from dragonfly.domain.vocabulary import JudgmentStatus, LedgerKind
from dragonfly.valuation.ledger import ledger_items, stored_judgment_balance

_SQL = resources.files("dragonfly.valuation").joinpath("sql")
SCORE_SQL = _SQL.joinpath("judgment_values.sql").read_text("utf-8")
INPUTS_MARKER = "-- valued_inputs --"
# id, balance, total, tier, components for every judgment in the parameters' scope.
VALUES_SQL = SCORE_SQL.replace(
    INPUTS_MARKER, _SQL.joinpath("judgment_inputs.sql").read_text("utf-8")
)
# The columns of judgment_values, and a valued row (v) in that order.
_STORED_COLUMNS = (
    "judgment_id, balance, balance_as_of, score, tier, score_version, score_as_of,"
    " score_components, overpaid, enforceable_until, enforceable_basis, enforceable_basis_on,"
    " lien_renewal_opens_on, lien_lapses_on, satisfaction_due_on, lien_docketed_on"
)
_STORED_ROW = (
    "v.id, v.balance, %(as_of)s, v.total, v.tier, %(version)s, %(as_of)s, v.components,"
    " v.overpaid, v.enforceable_until, v.enforceable_basis, v.enforceable_basis_on,"
    # The stored deadlines (domain.deadlines.lien_dates and satisfaction_piece_due, in SQL).
    " (v.lien_docketed_on + make_interval(years => %(lien_window_year)s))::date,"
    " (v.lien_docketed_on + make_interval(years => %(lien_years)s))::date,"
    # Most judgments are not satisfied: skip the function call (it is not inlined, and passing
    # the holiday list to it costs more than the rest of the row).
    " case when v.satisfied_on is not null then"
    " df_next_business_day_v1(v.satisfied_on + %(satisfaction_days)s,"
    " %(roll_to_business_day)s, %(ny_holidays)s::date[]) end, v.lien_docketed_on"
)

MAX_ID = 2**63 - 1
# The first year of the holiday calendar passed to SQL: no satisfaction earlier matters.
HOLIDAYS_FROM = 1970
# Bulk valuing hash-joins many rows: keep that hash in memory.
BULK_WORK_MEM = "256MB"

SCOPE = """
  (%(ids)s::bigint[] is null or j.id = any(%(ids)s::bigint[]))
  and (%(batch_id)s::bigint is null or j.import_batch_id = %(batch_id)s::bigint)
  and j.id between %(id_from)s::bigint and %(id_to)s::bigint
"""

# Judgments with ledger entries or written acknowledgments are valued in Python: their balance,
# overpaid amount and enforceable-until date (CPLR 211(b)) depend on those events. A judgment with
# acknowledgments only has one row with null ledger columns.
_JUDGMENT_COLUMNS = (
    "j.id, j.principal, j.costs, j.entry_date, j.interest_regime, j.status, j.status_on"
)
LEDGERED_SQL = f"""
select {_JUDGMENT_COLUMNS}, l.id, l.kind, l.amount, l.effective_on, l.reverses_id
from judgments j
join ledger_entries l on l.judgment_id = j.id
where {SCOPE}
union all
select {_JUDGMENT_COLUMNS}, null, null, null, null, null
from judgments j
where j.id in (select a.judgment_id from judgment_acknowledgments a) and {SCOPE}
order by 1, 11 nulls first, 8
"""
ACKNOWLEDGED_SQL = f"""
select j.id, array_agg(a.acknowledged_on order by a.acknowledged_on)
from judgments j
join judgment_acknowledgments a on a.judgment_id = j.id
where {SCOPE}
group by j.id
"""

CREATE_LEDGER_BALANCES = """
create temporary table if not exists valuation_ledger_balances (
  id bigint primary key, balance numeric(14,2), overpaid numeric(14,2),
  enforceable_until date, enforceable_basis text, enforceable_basis_on date
) on commit delete rows;
truncate valuation_ledger_balances
"""


def values_over(inputs_sql: str) -> str:
    """The scoring query (id, balance, total, tier, components) over other scoring inputs.

    `inputs_sql` selects id, entry_date, balance, overpaid, enforceable_until, enforceable_basis,
    enforceable_basis_on, zeroed, name, kind, street, city, state, zip, raw_address,
    has_employer, has_bank, has_real_property, has_vehicle; it may use the
    parameters of `valuation_parameters`.
    """
    return SCORE_SQL.replace(INPUTS_MARKER, inputs_sql)


def insert_values_sql(target: str, values_sql: str) -> str:
    """INSERT of the rows a valuing query selects into `target` (judgment_values or a copy)."""
    return f"insert into {target} ({_STORED_COLUMNS}) select {_STORED_ROW} from ({values_sql}) v"


def prepare_ledger_balances(conn: psycopg.Connection[Any], params: dict[str, Any]) -> None:
    """Stage the Python values of the judgments in scope with ledger entries or acknowledgments
    (inside a transaction): balance, overpaid amount and enforceability."""
    if not params["scoped"]:
        conn.execute(f"set local work_mem = '{BULK_WORK_MEM}'")
    conn.execute(CREATE_LEDGER_BALANCES)
    acknowledged = dict(conn.execute(ACKNOWLEDGED_SQL, params).fetchall())
    rows = conn.execute(LEDGERED_SQL, params).fetchall()
    columns = "id, balance, overpaid, enforceable_until, enforceable_basis, enforceable_basis_on"
    with conn.cursor().copy(f"copy valuation_ledger_balances ({columns}) from stdin") as copy:
        for judgment_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            entries = list(group)
            copy.write_row(
                (
                    judgment_id,
                    *_ledger_values(
                        entries, acknowledged.get(judgment_id, []), params["as_of"], params["rules"]
                    ),
                )
            )


def _ledger_values(
    entries: list[tuple[Any, ...]], acknowledgments: list[date], as_of: date, rules: Rules
) -> tuple[Decimal | None, Decimal, date, str, date]:
    """Balance (None when the ledger cannot be valued: a payment before entry), overpaid amount,
    and enforceable until / basis / basis date."""
    _, principal, costs, entry_date, regime, status, status_on = entries[0][:7]
    ledger = [row[7:] for row in entries if row[7] is not None]
    stops = interest_stop(JudgmentStatus(status), status_on)
    payments = [item.on for item in ledger_items(ledger) if item.kind is LedgerKind.PAYMENT]
    until = enforceability(entry_date, payments, acknowledgments, rules)
    try:
        breakdown = stored_judgment_balance(
            principal, costs, entry_date, regime, ledger, as_of, rules, stops
        )
    except LedgerError:
        return None, Decimal("0.00"), until.until, until.basis, until.basis_on
    return breakdown.balance, breakdown.overpaid, until.until, until.basis, until.basis_on


def valuation_parameters(
    as_of: date | None = None,
    rules: Rules | None = None,
    spec: ScoreSpec | None = None,
    *,
    judgment_ids: list[int] | None = None,
    batch_id: int | None = None,
) -> dict[str, Any]:
    """The query parameters of the valuing SQL (scope, rates, bands, patterns, as_of, version)."""
    rules = rules or rules_in_force()
    spec = spec or shipped_score_spec()
    as_of = as_of or today_in_new_york()
    tiers = sorted(spec.tiers, key=lambda t: t.min)
    return {
        "rules": rules,
        "as_of": as_of,
        "ids": judgment_ids,
        "interest_stops": sorted(s.value for s in INTEREST_STOPS),
        "batch_id": batch_id,
        "scoped": judgment_ids is not None or batch_id is not None,
        "id_from": 0,
        "id_to": MAX_ID,
        "standard_rate": rules.standard_rate,
        "consumer_rate": rules.consumer_rate,
        "act_date": rules.consumer_act_date,
        "nine_then_two": rules.pre_act_nine_then_two,
        "days_per_year": rules.days_per_year,
        "enforceable_years": rules.whole("judgment_enforceable_years"),
        "lien_window_year": rules.whole("lien_renewal_window_opens_year"),
        "lien_years": rules.whole("lien_years"),
        "lower_court_kinds": list(LOWER_COURT_KINDS),
        "satisfaction_days": rules.whole("satisfaction_piece_days"),
        "roll_to_business_day": rules.choice("deadline_rolls_to_business_day") == "yes",
        # Satisfied on or before as_of: the piece falls due at most a few weeks later.
        "ny_holidays": list(ny_public_holidays_between(HOLIDAYS_FROM, as_of.year + 1)),
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
