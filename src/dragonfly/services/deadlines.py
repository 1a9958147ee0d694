"""The daily deadline sweep: what the calendar alone makes expired is marked so, and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import last_lapsed_service_date

ACTOR = "job:deadline_sweep"

# The judgments the stored dates make due; the sweep values them again before expiring any,
# so a stale stored date (values not yet rebuilt after a rule change) never expires a judgment.
DUE_TO_EXPIRE = """
select j.id from judgments j
join judgment_values v on v.judgment_id = j.id
where j.status in ('active', 'on_hold')
  and coalesce(v.enforceable_until,
               (j.entry_date + make_interval(years => %(enforceable_years)s))::date)
      <= %(today)s
"""

EXPIRE_JUDGMENTS = """
with due as (
  -- The stored enforceable-until date (CPLR 211(b): extended by a payment or a written
  -- acknowledgment); entry + 20 years for a judgment not valued yet.
  select j.id, j.status from judgments j
  join judgment_values v on v.judgment_id = j.id
  where j.status in ('active', 'on_hold')
    and coalesce(v.enforceable_until,
                 (j.entry_date + make_interval(years => %(enforceable_years)s))::date)
        <= %(today)s
  for update of j
), changed as (
  update judgments j set status = 'expired', updated_at = now()
  from due where j.id = due.id
  returning j.id, due.status::text as old_status
), audited as (
  insert into audit_events (actor, action, entity, entity_id, before, after)
  select %(actor)s, 'judgment.expire', 'judgment', id::text,
         jsonb_build_object('status', old_status),
         jsonb_build_object('status', 'expired', 'reason', 'enforceability period ended')
  from changed
)
select id from changed
"""

# Expired judgments whose stored date still counts from entry although a payment or written
# acknowledgment fell within their twenty years: values stored before the rule, to value again.
STALE_EXPIRED = """
select j.id from judgments j
join judgment_values v on v.judgment_id = j.id
where j.status = 'expired' and v.enforceable_basis = 'entry'
  and (exists (select 1 from ledger_entries e
               where e.judgment_id = j.id and e.kind = 'payment' and e.reverses_id is null
                 and e.effective_on >= j.entry_date and e.effective_on < v.enforceable_until)
       or exists (select 1 from judgment_acknowledgments a
                  where a.judgment_id = j.id and a.acknowledged_on >= j.entry_date
                    and a.acknowledged_on < v.enforceable_until))
"""

# Expiry is the rules' to set, so the rules undo it: a judgment marked expired whose stored date
# a payment or written acknowledgment within its twenty years has since moved past today
# (CPLR 211(b)) is active again, audited as a status change.
REOPEN_EXTENDED = """
with due as (
  select j.id, v.enforceable_until, v.enforceable_basis, v.enforceable_basis_on
  from judgments j
  join judgment_values v on v.judgment_id = j.id
  where j.status = 'expired' and v.enforceable_until > %(today)s
    and (%(ids)s::bigint[] is null or j.id = any(%(ids)s::bigint[]))
  for update of j
), changed as (
  update judgments j set status = 'active', status_on = %(today)s, hold_until = null,
         status_reason = 'enforceable until ' || due.enforceable_until::text
           || ' because of the ' || due.enforceable_basis || ' on '
           || due.enforceable_basis_on::text || ' (CPLR 211(b))',
         updated_at = now()
  from due where j.id = due.id
  returning j.id, j.status_reason
), audited as (
  insert into audit_events (actor, action, entity, entity_id, before, after)
  select %(actor)s, 'judgment.status', 'judgment', id::text,
         jsonb_build_object('status', 'expired'),
         jsonb_build_object('status', 'active', 'status_reason', status_reason)
  from changed
)
select id from changed
"""

EXPIRE_RESTRAINTS = """
with due as (
  select id, judgment_id, state from enforcement_actions
  where kind = 'restraining_notice' and state in ('served', 'answered', 'levied', 'withholding')
    and served_on <= %(lapsed_through)s
  for update
), changed as (
  update enforcement_actions a set state = 'expired', returned_on = %(today)s, due_on = null,
         updated_at = now()
  from due where a.id = due.id
  returning a.id, a.judgment_id, due.state::text as old_state
), dropped as (
  delete from action_deadlines d using changed where d.action_id = changed.id
), history as (
  insert into action_transitions (action_id, from_state, to_state, actor, note)
  select id, old_state::action_state, 'expired', %(actor)s, 'restraining notice lapsed'
  from changed
), audited as (
  insert into audit_events (actor, action, entity, entity_id, before, after)
  select %(actor)s, 'action.transition', 'judgment', judgment_id::text,
         jsonb_build_object('id', id, 'state', old_state),
         jsonb_build_object('id', id, 'state', 'expired')
  from changed
)
select id from changed
"""


def sweep_deadlines(conn: psycopg.Connection, today: date | None = None) -> dict[str, Any]:
    """Run both sweeps in the caller's transaction; refresh the valuations of what changed."""
    from dragonfly.valuation import refresh_judgments

    rules, today = rules_in_force(), today or today_in_new_york()
    years = {"enforceable_years": rules.whole("judgment_enforceable_years"), "today": today}
    due_ids = [int(r[0]) for r in conn.execute(DUE_TO_EXPIRE, years)]
    if due_ids:
        refresh_judgments(conn, judgment_ids=due_ids, as_of=today)
    if rules.choice("judgment_enforceability_extension") == "latest_payment_or_acknowledgment":
        stale_ids = [int(r[0]) for r in conn.execute(STALE_EXPIRED)]
        if stale_ids:
            refresh_judgments(conn, judgment_ids=stale_ids, as_of=today)
    reopened = reopen_extended_judgments(conn, today)
    # The cut-offs are the dates the pages show (a judgment's stored enforceable-until date, a
    # restraint's lapse from the domain), so the sweep ends each on the very day its page says.
    judgments = conn.execute(
        EXPIRE_JUDGMENTS,
        {
            "enforceable_years": rules.whole("judgment_enforceable_years"),
            "today": today,
            "actor": ACTOR,
        },
    ).fetchall()
    restraints = conn.execute(
        EXPIRE_RESTRAINTS,
        {"lapsed_through": last_lapsed_service_date(today, rules), "today": today, "actor": ACTOR},
    ).fetchall()
    expired_ids = [int(r[0]) for r in judgments]
    if expired_ids:
        refresh_judgments(conn, judgment_ids=expired_ids, as_of=today)
    return {
        "judgments_expired": len(expired_ids),
        "judgments_reopened": len(reopened),
        "restraints_lapsed": len(restraints),
    }


def reopen_extended_judgments(
    conn: psycopg.Connection,
    today: date,
    judgment_ids: list[int] | None = None,
    actor: str = ACTOR,
) -> list[int]:
    """Make active again the expired judgments (of `judgment_ids`, else all) whose stored
    enforceable-until date is now after `today`; their values are refreshed. The ids reopened.
    `actor` is who the audit names: the sweep, or the person whose entry reopened it."""
    from dragonfly.valuation import refresh_judgments

    rows = conn.execute(
        REOPEN_EXTENDED, {"today": today, "ids": judgment_ids, "actor": actor}
    ).fetchall()
    reopened = [int(r[0]) for r in rows]
    if reopened:
        refresh_judgments(conn, judgment_ids=reopened, as_of=today)
    return reopened
