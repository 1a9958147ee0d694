"""What is due: one list of deadlines over judgments and actions, read from stored dates.

The dates come from the domain rules (dragonfly.domain.deadlines) and are stored where a query
needs them: a judgment's enforceable-until, lien and satisfaction-piece dates with its values
(judgment_values, refreshed with the balance), an open action's next due day on the action
(enforcement_actions.due_on, set at each step). Each kind is read through its own index, then
the rows are ordered by what is at stake (the balance), largest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force

# Each kind of deadline: the stored date it reads, the judgments it concerns, and the rule.
JUDGMENT_KINDS: dict[str, tuple[str, str, str]] = {
    "judgment_expires": (
        "v.enforceable_until", "j.status in ('active', 'on_hold')", "judgment_enforceable_years"
    ),
    "lien_renewal_window_opens": (
        "v.lien_renewal_opens_on", "j.status in ('active', 'on_hold')",
        "lien_renewal_window_opens_year",
    ),
    "lien_expires": (
        "v.lien_lapses_on", "j.status in ('active', 'on_hold')", "lien_years"
    ),
    "satisfaction_piece_due": (
        "v.satisfaction_due_on", "j.status = 'satisfied'", "satisfaction_piece_days"
    ),
}  # fmt: skip
# An open action's due day is the earliest of its deadlines (domain.deadlines.action_deadlines):
# named by its kind.
ACTION_DEADLINE_NAMES: dict[str, str] = {
    "information_subpoena": "answer_due",
    "restraining_notice": "restraint_lapses",
    "property_execution": "return_due",
    "income_execution": "serve_employer_from",
}
OPEN_ACTION = "a.state not in ('completed', 'failed', 'expired', 'cancelled')"

_JUDGMENT_ARM = """
(select %(name)s::text as name, j.id as judgment_id, null::bigint as action_id,
        {column} as due_on, v.balance, j.county_code, j.court_code, j.index_number
 from judgment_values v join judgments j on j.id = v.judgment_id
 where {column} between %(first)s and %(last)s and {status})
"""
_ACTION_ARM = """
(select case a.kind::text {names} end as name, a.judgment_id, a.id as action_id, a.due_on,
        v.balance, j.county_code, j.court_code, j.index_number
 from enforcement_actions a
 join judgments j on j.id = a.judgment_id
 left join judgment_values v on v.judgment_id = a.judgment_id
 where a.due_on between %(first)s and %(last)s and {open})
"""


@dataclass(frozen=True)
class DueItem:
    """One deadline on the desk: what (name and citation), for which judgment (and action), when,
    and what is at stake."""

    name: str
    judgment_id: int
    action_id: int | None
    due_on: date
    days_left: int
    balance: Decimal | None
    county_code: str | None
    court_code: str | None
    index_number: str
    citation: str


def deadlines_between(
    conn: psycopg.Connection[Any],
    first: date,
    last: date,
    *,
    kinds: list[str] | None = None,
    limit: int = 100,
    today: date | None = None,
) -> list[DueItem]:
    """The deadlines falling from `first` to `last` (both included), largest balance first.

    `kinds` keeps only those names (JUDGMENT_KINDS and ACTION_DEADLINE_NAMES values); None keeps
    all.
    """
    today = today or today_in_new_york()
    rules = rules_in_force()
    arms: list[str] = []
    params: dict[str, Any] = {"first": first, "last": last, "limit": limit}
    for index, (name, (column, status, _)) in enumerate(JUDGMENT_KINDS.items()):
        if kinds is None or name in kinds:
            arm = _JUDGMENT_ARM.replace("%(name)s", f"%(name_{index})s")
            arms.append(arm.format(column=column, status=status))
            params[f"name_{index}"] = name
    wanted_actions = {
        kind: name for kind, name in ACTION_DEADLINE_NAMES.items() if kinds is None or name in kinds
    }
    if wanted_actions:
        names = " ".join(f"when '{kind}' then '{name}'" for kind, name in wanted_actions.items())
        kinds_in = ", ".join(f"'{kind}'" for kind in wanted_actions)
        arms.append(
            _ACTION_ARM.format(names=names, open=f"{OPEN_ACTION} and a.kind in ({kinds_in})")
        )
    if not arms:
        return []
    query = (
        " union all ".join(arms)
        + " order by balance desc nulls last, due_on, judgment_id, action_id nulls first"
        + " limit %(limit)s"
    )
    citations = {name: rules.rule(rule).citation for name, (_, _, rule) in JUDGMENT_KINDS.items()}
    citations |= _action_citations(rules)
    return [
        DueItem(
            name=str(row[0]),
            judgment_id=int(row[1]),
            action_id=int(row[2]) if row[2] is not None else None,
            due_on=row[3],
            days_left=(row[3] - today).days,
            balance=row[4],
            county_code=row[5],
            court_code=row[6],
            index_number=str(row[7]),
            citation=citations.get(str(row[0]), ""),
        )
        for row in conn.execute(query, params)
    ]


def _action_citations(rules: Any) -> dict[str, str]:
    return {
        "answer_due": rules.rule("information_subpoena_answer_days").citation,
        "restraint_lapses": rules.rule("restraining_notice_effective_years").citation,
        "return_due": rules.rule("property_execution_return_days").citation,
        "serve_employer_from": rules.rule("income_execution_employer_after_days").citation,
    }
