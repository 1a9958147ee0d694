"""The daily deadline sweep: what the calendar alone makes expired is marked so, and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.deadlines import last_lapsed_service_date

ACTOR = "job:deadline_sweep"

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
    return {"judgments_expired": len(expired_ids), "restraints_lapsed": len(restraints)}
