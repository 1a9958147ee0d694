"""The CEO's overview: a dozen numbers with green/amber/red, charts, and the last release.

Over a million judgments the aggregates take a few hundred milliseconds, so one computed
overview is stored in Postgres and reused for `cache_seconds` by every replica; the first
request after that recomputes it (one replica at a time, under an advisory lock).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.database import JOBS_TABLE, table_exists
from dragonfly.domain.actions import CLOSED
from dragonfly.domain.business_days import add_years
from dragonfly.release.runs import latest_run
from dragonfly.services.desk import overdue_count
from dragonfly.services.money.trust import REFUNDED_BY_JUDGMENT

_LOCK_KEY = 0x6466_6F76_7276  # "dfovrv"

# The part of each payment that is owed back to the debtor, not kept: a judgment's overpaid
# amount is taken from its latest surviving payments first (the ones that went past zero).
# Reading only judgments with something overpaid, it costs little.
REFUNDS_CTE = """
with to_refund as (
  select e.effective_on,
         least(e.amount, greatest(0, v.overpaid - coalesce(sum(e.amount) over (
           partition by e.judgment_id order by e.effective_on desc, e.id desc
           rows between unbounded preceding and 1 preceding), 0))) as amount
  from judgment_values v
  join ledger_entries e on e.judgment_id = v.judgment_id
  where v.overpaid > 0 and e.kind = 'payment' and e.reverses_id is null
    and not exists (select 1 from ledger_entries r where r.reverses_id = e.id)
)
"""
# What is still owed back to each overpaying debtor: overpaid, less the refunds escrow has paid.
OWED_BACK_CTE = f"""
, refunded as ({REFUNDED_BY_JUDGMENT})
, owed_back as (
  select v.overpaid - coalesce(r.refunded, 0) as owed
  from judgment_values v left join refunded r on r.judgment_id = v.judgment_id
  where v.overpaid > 0
)
"""

TOTALS_SQL = (
    REFUNDS_CTE
    + OWED_BACK_CTE
    + """
select
  (select count(*) from judgments) as judgments,
  (select coalesce(sum(balance), 0) from valued_judgments where status = 'active')
    as under_management,
  (select count(*) from judgments where status = 'active') as active,
  (select count(*) from valued_judgments where status = 'active' and balance is null)
    as unvalued,
  (select coalesce(sum(principal), 0) from judgments) as face,
  (select count(*) from judgments where created_at >= now() - interval '7 days') as intake_7d,
  (select count(distinct judgment_id) from enforcement_actions
     where state <> all(%(closed)s::action_state[])) as under_enforcement,
  (select count(*) from (select a.judgment_id from enforcement_actions a
     join judgments j on j.id = a.judgment_id
     where a.state <> all(%(closed)s::action_state[]) and j.status = 'active'
     group by a.judgment_id
     having max(coalesce(j.last_action_at, a.updated_at)) < now() - interval '14 days') s)
    as stalled,
  (select count(*) from action_transitions where at >= now() - interval '7 days') as actions_7d,
  (select coalesce(sum(amount), 0) from ledger_entries
     where kind = 'payment' and effective_on >= %(since_30)s)
    - (select coalesce(sum(amount), 0) from to_refund where effective_on >= %(since_30)s)
    as collected_30d,
  (select coalesce(sum(amount), 0) from ledger_entries where kind = 'payment')
    - (select coalesce(sum(amount), 0) from to_refund) as collected_all,
  -- Client money (payment_splits, docs/CLIENT_MONEY.md): reversals carry negative parts.
  (select coalesce(sum(client_share), 0) from payment_splits where effective_on >= %(since_30)s)
    as net_to_clients_30d,
  (select coalesce(sum(fee), 0) from payment_splits where effective_on >= %(since_30)s)
    as fees_earned_30d,
  (select count(*) from ledger_entries e where e.kind = 'payment'
     and e.effective_on >= %(since_30)s
     and not exists (select 1 from payment_splits s where s.ledger_entry_id = e.id))
    as unsplit_30d,
  -- The deadlines (stored with the values, docs/RULES.md): enforceability ending and liens
  -- lapsing within the horizons, and judgments paid in full not yet marked satisfied.
  (select count(*) from judgment_values v join judgments j on j.id = v.judgment_id
     where j.status in ('active', 'on_hold')
       and v.enforceable_until between %(today)s and %(expiring_until)s) as expiring_count,
  (select coalesce(sum(v.balance), 0)
   from judgment_values v join judgments j on j.id = v.judgment_id
     where j.status in ('active', 'on_hold')
       and v.enforceable_until between %(today)s and %(expiring_until)s) as expiring_balance,
  (select count(*) from judgment_values v join judgments j on j.id = v.judgment_id
     where j.status in ('active', 'on_hold')
       and v.lien_lapses_on between %(today)s and %(liens_until)s) as liens_lapsing_count,
  (select coalesce(sum(v.balance), 0)
   from judgment_values v join judgments j on j.id = v.judgment_id
     where j.status in ('active', 'on_hold')
       and v.lien_lapses_on between %(today)s and %(liens_until)s) as liens_lapsing_balance,
  (select count(*) from judgment_values v join judgments j on j.id = v.judgment_id
     where j.status = 'active' and v.balance <= 0) as awaiting_satisfaction,
  (select count(*) from owed_back where owed > 0) as refunds_owed_count,
  (select coalesce(sum(owed), 0) from owed_back where owed > 0) as refunds_owed,
  (select count(*) from judgments j where j.status = 'active'
     and j.entry_date < %(since_90)s
     and not exists (select 1 from enforcement_actions a where a.judgment_id = j.id))
    as aging_no_action,
  (select count(*) from import_batches where finished_at >= now() - interval '30 days')
    as batches_finished,
  (select count(*) from import_batches
     where finished_at >= now() - interval '30 days' and status = 'completed') as batches_ok,
  (select coalesce(sum(rows_read), 0) from import_batches
     where status = 'completed' and finished_at >= now() - interval '30 days') as rows_read,
  (select coalesce(sum(rows_read - rejected), 0) from import_batches
     where status = 'completed' and finished_at >= now() - interval '30 days') as rows_accepted
"""
)

CHARTS_SQL = {
    "collected_by_week": REFUNDS_CTE
    + """
select week, sum(amount) as amount from (
  select date_trunc('week', effective_on)::date as week, amount
  from ledger_entries where kind = 'payment' and effective_on >= %(since_12w)s
  union all
  select date_trunc('week', effective_on)::date, -amount
  from to_refund where effective_on >= %(since_12w)s
) kept
group by 1 order by 1""",
    # Liquidation rate per placement month (the month a judgment came to the firm): money kept
    # from its payments (refunds owed excluded) / face value placed, to date.
    "liquidation_by_month": """
select date_trunc('month', j.created_at at time zone 'America/New_York')::date as month,
       count(*) as judgments, sum(j.principal) as placed,
       sum(coalesce(p.paid, 0) - coalesce(v.overpaid, 0)) as collected,
       round(sum(coalesce(p.paid, 0) - coalesce(v.overpaid, 0)) * 100
             / nullif(sum(j.principal), 0), 1) as rate
from judgments j
left join (select judgment_id, sum(amount) as paid from ledger_entries where kind = 'payment'
           group by judgment_id) p on p.judgment_id = j.id
left join judgment_values v on v.judgment_id = j.id
where j.created_at >= %(since_12m)s
group by 1 order by 1""",
    "by_tier": """
select coalesce(tier, '-') as tier, count(*) as count, coalesce(sum(balance), 0) as balance
from valued_judgments where status = 'active' group by 1 order by 1""",
    "funnel": """
select state::text as state, count(*) as count from enforcement_actions group by 1 order by 1""",
}


@dataclass(frozen=True)
class Threshold:
    label: str
    better: str
    green: Decimal
    amber: Decimal

    def status(self, value: Decimal) -> str:
        if self.better == "higher":
            return "green" if value >= self.green else "amber" if value >= self.amber else "red"
        return "green" if value <= self.green else "amber" if value <= self.amber else "red"


@lru_cache(maxsize=1)
def thresholds() -> tuple[int, dict[str, Threshold]]:
    text = resources.files("dragonfly.services").joinpath("overview_thresholds.toml").read_text()
    data = tomllib.loads(text)
    metrics = {
        key: Threshold(m["label"], m["better"], Decimal(str(m["green"])), Decimal(str(m["amber"])))
        for key, m in data["metrics"].items()
    }
    return int(data["cache_seconds"]), metrics


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _metric(key: str, value: Any, unit: str, detail: str) -> dict[str, Any]:
    threshold = thresholds()[1][key]
    if value is None:
        return {
            "key": key,
            "label": threshold.label,
            "value": None,
            "unit": unit,
            "status": "unavailable",
            "detail": detail,
        }
    shown: Any = (
        f"{value:.2f}" if unit == "money" else float(value) if unit == "percent" else int(value)
    )
    return {
        "key": key,
        "label": threshold.label,
        "value": shown,
        "unit": unit,
        "status": threshold.status(Decimal(value)),
        "detail": detail,
    }


def _unsplit(count: int) -> str:
    """Payments recorded before client money existed have no split: say so, never guess."""
    if not count:
        return ""
    return f" {count:,} payment{'' if count == 1 else 's'} in the period had no split."


def _failed_jobs(conn: psycopg.Connection) -> int | None:
    if not table_exists(conn, JOBS_TABLE):
        return None
    # Jobs that failed at least once, counted even when retried since: a job whose worker died
    # under it is marked failed, then queued again.
    row = conn.execute(
        "select count(distinct job_id) from procrastinate_events"
        " where type = 'failed' and at >= now() - interval '7 days'"
    ).fetchone()
    return int(row[0]) if row else None


# The horizons of the deadline cards (issue: judgments expiring within 90 days, liens lapsing
# within 12 months); their green/amber thresholds are in overview_thresholds.toml.
EXPIRING_WITHIN_DAYS = 90


def compute_metrics(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """The overview's numbers; one that cannot be computed is 'unavailable', never 0."""
    today = today_in_new_york()
    params = {
        "since_30": today - timedelta(days=30),
        "since_90": today - timedelta(days=90),
        "closed": [s.value for s in CLOSED],
        "today": today,
        "expiring_until": today + timedelta(days=EXPIRING_WITHIN_DAYS),
        "liens_until": add_years(today, 1),
    }
    with conn.cursor(row_factory=dict_row) as cur:
        totals = cur.execute(TOTALS_SQL, params).fetchone()
    assert totals is not None
    totals["overdue_deadlines"] = overdue_count(conn, today)
    return _metrics_from(totals, _failed_jobs(conn))


def _metrics_from(t: dict[str, Any], failed_jobs: int | None) -> list[dict[str, Any]]:
    none_yet = "No judgments imported yet."
    has = t["judgments"] > 0
    unvalued = f" {t['unvalued']:,} active judgments not valued yet." if t["unvalued"] else ""
    return [
        _metric(
            "money_under_management",
            t["under_management"] if has else None,
            "money",
            (
                f"Sum of current balances of {t['active']:,} active judgments.{unvalued}"
                if has
                else none_yet
            ),
        ),
        _metric(
            "active_judgments",
            t["active"] if has else None,
            "count",
            "Judgments with status active." if has else none_yet,
        ),
        _metric("intake_7d", t["intake_7d"], "count", "Judgments added in the last 7 days."),
        _metric(
            "import_success_rate",
            _percent(t["batches_ok"], t["batches_finished"]),
            "percent",
            f"{t['batches_ok']:,} of {t['batches_finished']:,} imports in the last 30 days"
            " completed."
            if t["batches_finished"]
            else "No imports in the last 30 days.",
        ),
        _metric(
            "data_integrity",
            _percent(t["rows_accepted"], t["rows_read"]),
            "percent",
            f"{t['rows_accepted']:,} of {t['rows_read']:,} rows read were accepted (30 days)."
            if t["rows_read"]
            else "No rows imported in the last 30 days.",
        ),
        _metric(
            "under_enforcement",
            t["under_enforcement"],
            "count",
            "Judgments with at least one open enforcement action.",
        ),
        _metric(
            "stalled",
            t["stalled"],
            "count",
            "Active judgments with an open action and nothing done for 14 days.",
        ),
        _metric(
            "actions_7d", t["actions_7d"], "count", "Enforcement steps recorded in the last 7 days."
        ),
        _metric(
            "collected_30d",
            t["collected_30d"],
            "money",
            "Gross collected: money kept from payments dated in the last 30 days, before fees; "
            "reversals and the part owed back to debtors who overpaid are subtracted.",
        ),
        _metric(
            "net_to_clients_30d",
            t["net_to_clients_30d"],
            "money",
            "The clients' share of payments dated in the last 30 days, after fees and costs "
            "recovered (payment splits)." + _unsplit(t["unsplit_30d"]),
        ),
        _metric(
            "fees_earned_30d",
            t["fees_earned_30d"],
            "money",
            "The firm's contingency fees on payments dated in the last 30 days, direct payments "
            "included (billed to the client)." + _unsplit(t["unsplit_30d"]),
        ),
        _metric(
            "refunds_owed",
            t["refunds_owed"],
            "money",
            f"Paid beyond the balance on {t['refunds_owed_count']:,} "
            f"judgment{'' if t['refunds_owed_count'] == 1 else 's'} and not yet refunded from "
            "escrow: owed back to the debtors, not counted as collected."
            if t["refunds_owed_count"]
            else "No debtor is owed a refund: nothing paid beyond a balance is left unrefunded.",
        ),
        _metric(
            "liquidation_rate",
            _percent(t["collected_all"], t["face"]),
            "percent",
            f"All money kept from payments (refunds owed excluded) / face value placed "
            f"{t['face']:,.2f}, over every placement; per placement month in the chart."
            if t["face"]
            else "No face value placed yet.",
        ),
        _metric(
            "failed_jobs",
            failed_jobs,
            "count",
            "Background jobs that failed in the last 7 days (a retried job counts too)."
            if failed_jobs is not None
            else "The job queue is not installed yet (start `dragonfly worker`).",
        ),
        _metric(
            "expiring_90d",
            t["expiring_balance"],
            "money",
            f"{t['expiring_count']:,} active or on-hold "
            f"{'judgment stops' if t['expiring_count'] == 1 else 'judgments stop'} being "
            "enforceable within "
            f"{EXPIRING_WITHIN_DAYS} days (CPLR 211(b)); the sum is their balance. See the "
            "Enforcement desk.",
        ),
        _metric(
            "liens_lapsing_12m",
            t["liens_lapsing_count"],
            "count",
            f"Liens on real property lapsing within 12 months (CPLR 5203(a)); balance at stake "
            f"{t['liens_lapsing_balance']:,.2f}. Renew them (CPLR 5014).",
        ),
        _metric(
            "awaiting_satisfaction",
            t["awaiting_satisfaction"],
            "count",
            "Active judgments paid in full and not yet marked satisfied: the satisfaction piece "
            "is due within 20 days of full payment (CPLR 5020).",
        ),
        _metric(
            "overdue_deadlines",
            t["overdue_deadlines"],
            "count",
            "Deadlines to act by that have passed (satisfaction pieces, subpoena answers, "
            "execution returns, the employer step), less those acknowledged or snoozed.",
        ),
        _metric(
            "aging_no_action",
            t["aging_no_action"],
            "count",
            "Active judgments older than 90 days with no enforcement action at all.",
        ),
    ]


def compute_charts(conn: psycopg.Connection) -> dict[str, list[dict[str, Any]]]:
    today = today_in_new_york()
    params = {
        "since_12w": today - timedelta(weeks=12),
        "since_12m": add_years(today, -1).replace(day=1),
    }
    charts: dict[str, list[dict[str, Any]]] = {}
    for name, query in CHARTS_SQL.items():
        with conn.cursor(row_factory=dict_row) as cursor:
            charts[name] = cursor.execute(query, params).fetchall()
    return charts


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value.isoformat()


def _latest_snapshot(conn: psycopg.Connection, max_age: int | None) -> dict[str, Any] | None:
    """The newest stored overview, if it is younger than `max_age` seconds (any age: None)."""
    row = conn.execute(
        "select payload from overview_snapshots"
        " where %s::int is null or computed_at > now() - make_interval(secs => %s::int)"
        " order by computed_at desc limit 1",
        (max_age, max_age),
    ).fetchone()
    return row[0] if row else None


def _recompute(conn: psycopg.Connection) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "metrics": compute_metrics(conn),
        "charts": compute_charts(conn),
        "computed_at": datetime.now(UTC),
    }
    payload = json.loads(json.dumps(payload, default=_jsonable))
    conn.execute("delete from overview_snapshots where computed_at < now() - interval '1 hour'")
    conn.execute(
        "insert into overview_snapshots (payload) values (%s::jsonb)", (json.dumps(payload),)
    )
    return payload


def overview(conn: psycopg.Connection) -> dict[str, Any]:
    """The overview from a snapshot younger than `cache_seconds`, else recomputed.

    One replica recomputes at a time (advisory lock); while it does, the others answer with the
    previous snapshot rather than queue behind it. Only the very first request ever waits.
    """
    max_age = thresholds()[0]
    payload = _latest_snapshot(conn, max_age)
    if payload is None:
        with conn.transaction():
            got = conn.execute("select pg_try_advisory_xact_lock(%s)", (_LOCK_KEY,)).fetchone()
            stale = None if got and got[0] else _latest_snapshot(conn, None)
            if stale is not None:
                payload = stale
            else:
                if not (got and got[0]):
                    conn.execute("select pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                payload = _latest_snapshot(conn, max_age) or _recompute(conn)
    return {**payload, "last_release": latest_run(conn)}
