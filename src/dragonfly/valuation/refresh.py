"""refresh_judgments: recompute and store balance and score for many judgments at once."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import psycopg
from psycopg import conninfo
from psycopg.pq import TransactionStatus

from dragonfly.domain.deadlines import last_expired_entry_date
from dragonfly.domain.errors import LedgerError
from dragonfly.domain.interest import compute_balance
from dragonfly.domain.rules import Rules
from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec
from dragonfly.domain.vocabulary import InterestRegime
from dragonfly.valuation.ledger import ledger_items
from dragonfly.valuation.settings import active_rules, today_in_new_york

_SQL = resources.files("dragonfly.valuation").joinpath("sql")
SCORE_SQL = _SQL.joinpath("judgment_values.sql").read_text("utf-8")
INPUTS_MARKER = "-- valued_inputs --"
VALUES_SQL = SCORE_SQL.replace(
    INPUTS_MARKER, _SQL.joinpath("judgment_inputs.sql").read_text("utf-8")
)
REFRESH_SQL = (
    _SQL.joinpath("refresh_judgments.sql")
    .read_text("utf-8")
    .replace("-- judgment_values --", VALUES_SQL)
)
COUNT_VALUES_SQL = f"select count(*), coalesce(sum(total), 0) from ({VALUES_SQL}) v"

MAX_ID = 2**63 - 1
# A full rescore runs in id-range parts on this many connections at once (the server has 2
# cores); each part is its own transaction, small enough to keep its join in memory.
FULL_REFRESH_WORKERS = 2
FULL_REFRESH_PART_ROWS = 250_000
# The values are hash-joined back to judgments: keep a large refresh's hash in memory.
BULK_WORK_MEM = "256MB"

SCOPE = """
  (%(ids)s::bigint[] is null or j.id = any(%(ids)s::bigint[]))
  and (%(batch_id)s::bigint is null or j.import_batch_id = %(batch_id)s::bigint)
  and j.id between %(id_from)s::bigint and %(id_to)s::bigint
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
    judgments got new values (rows already up to date are not rewritten). A scoped refresh,
    or one called inside an open transaction, runs in that one transaction: all stored or
    none. A full refresh from an idle connection runs in id-range parts, each committed on
    its own, on two connections in parallel.
    """
    params = _parameters(rules, spec, as_of, judgment_ids, batch_id)
    if not params["scoped"] and conn.info.transaction_status == TransactionStatus.IDLE:
        return _refresh_all_in_parts(conn, params)
    return _refresh_part(conn, params)


def _refresh_part(conn: psycopg.Connection[Any], params: dict[str, Any]) -> int:
    with conn.transaction():
        _prepare_ledger_balances(conn, params)
        return conn.execute(REFRESH_SQL, params).rowcount


def _refresh_all_in_parts(conn: psycopg.Connection[Any], params: dict[str, Any]) -> int:
    """Every judgment, in id ranges committed one by one, two connections in parallel.

    Each judgment's stored values stay consistent (one row is written by one transaction); a
    failure leaves earlier parts stored, and rerunning the refresh finishes the rest. Lost
    commits in a crash only mean a rescore to rerun, so commits do not wait for the disk.
    """
    row = conn.execute("select min(id), max(id), count(*) from judgments").fetchone()
    if row is None or row[0] is None:
        return 0
    low, high, count = int(row[0]), int(row[1]), int(row[2])
    parts = max(1, -(-count // FULL_REFRESH_PART_ROWS))
    width = -(-(high - low + 1) // parts)
    ranges = [(start, min(start + width - 1, high)) for start in range(low, high + 1, width)]
    if len(ranges) == 1:
        return _refresh_part(conn, params)
    target = conninfo.make_conninfo(conn.info.dsn, password=conn.info.password or None)

    def worker(share: list[tuple[int, int]]) -> int:
        done = 0
        with psycopg.connect(target, autocommit=True) as own:
            own.execute("set synchronous_commit = off")
            own.execute(f"set work_mem = '{BULK_WORK_MEM}'")
            for id_from, id_to in share:
                # Scoped to the range: only the assets of this part's debtors are aggregated.
                part = {**params, "scoped": True, "id_from": id_from, "id_to": id_to}
                done += _refresh_part(own, part)
        return done

    shares = [ranges[i::FULL_REFRESH_WORKERS] for i in range(FULL_REFRESH_WORKERS)]
    with ThreadPoolExecutor(max_workers=FULL_REFRESH_WORKERS) as pool:
        return sum(pool.map(worker, [share for share in shares if share]))


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
    if not params["scoped"]:
        conn.execute(f"set local work_mem = '{BULK_WORK_MEM}'")
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


def values_over(inputs_sql: str) -> str:
    """The scoring query (id, balance, total, tier, components) over other scoring inputs.

    `inputs_sql` selects id, entry_date, balance, zeroed, name, kind, street, city, state, zip,
    raw_address, has_employer, has_bank, has_real_property, has_vehicle; it may use the
    parameters of `valuation_parameters`.
    """
    return SCORE_SQL.replace(INPUTS_MARKER, inputs_sql)


def valuation_parameters(
    as_of: date | None = None, rules: Rules | None = None, spec: ScoreSpec | None = None
) -> dict[str, Any]:
    """The query parameters of the scoring SQL (rates, bands, patterns, as_of, version)."""
    return _parameters(rules, spec, as_of, None, None)


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
        "id_from": 0,
        "id_to": MAX_ID,
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
