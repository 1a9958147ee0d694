"""What is due: one list of deadlines over judgments and actions, read from stored dates.

The dates come from the domain rules (dragonfly.domain.deadlines) and are stored where a query
needs them: a judgment's enforceable-until, lien and satisfaction-piece dates with its values
(judgment_values, refreshed with the balance), an open action's running deadlines in
action_deadlines (one row each, written at each step). Each kind is read through its own index, then
the rows are ordered by what is at stake (the balance), largest first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.counties import resolve_county
from dragonfly.domain.deadlines import LOWER_COURT_KINDS
from dragonfly.errors import InputError, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.owners import owner_user_id

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
# Each running deadline of an open action is stored in action_deadlines (enforcement service, at
# each step, from domain.deadlines.open_action_deadlines): its name and the rule behind it.
ACTION_DEADLINE_RULES: dict[str, str] = {
    "answer_due": "information_subpoena_answer_days",
    "debtor_notice_due": "debtor_notice_days",
    "restraint_lapses": "restraining_notice_effective_years",
    "return_due": "property_execution_return_days",
    "levy_void": "levy_void_after_days",
    "serve_employer_from": "income_execution_employer_after_days",
}
OPEN_ACTION = "a.state not in ('completed', 'failed', 'expired', 'cancelled')"

# The judgment filters (county, court: a court code or a kind of court such as TOWN) and the
# deadlines acknowledged, or snoozed past today, on the desk (desk_dismissals: the latest word).
_FILTERS = """
 and (%(county)s::text is null or j.county_code = %(county)s::text)
 and (%(owner_id)s::bigint is null or {owner} = %(owner_id)s::bigint)
 and (%(court)s::text is null or j.court_code = %(court)s::text
      or split_part(j.court_code, '-', 1) = %(court)s::text)
 and not exists (
   select 1 from desk_dismissals d
   where d.judgment_id = j.id and d.name = {name} and d.due_on = {due} and {action}
     and (d.snoozed_until is null or d.snoozed_until > %(today)s)
     and not exists (
       select 1 from desk_dismissals later
       where later.judgment_id = d.judgment_id and later.name = d.name
         and later.due_on = d.due_on and later.action_id is not distinct from d.action_id
         and later.id > d.id))
"""
# (Written as an anti-join, "no dismissal in force that is the latest word", so PostgreSQL
# hashes the few dismissals once instead of sorting them again for every deadline.)
# A lower court's judgment with no transcript docketed (no stored lien docketing) whose debtor
# has real property: the desk adds the step that makes the lien (CPLR 5018(a)).
_NO_LIEN_YET = (
    "(v.lien_docketed_on is null and split_part(upper(j.court_code), '-', 1) = any(%(lower)s)"
    " and exists (select 1 from debtor_assets da where da.debtor_id = j.debtor_id"
    " and da.kind = 'real_property' and da.retired_on is null)) as no_lien_yet"
)
# Counts and sums never show the step: not worked out for every row.
_NO_LIEN_UNASKED = "null::boolean as no_lien_yet"
NO_LIEN_YET_STEP = (
    "No lien yet: docket a transcript with the county clerk where the real property is "
    "(CPLR 5018(a)); record it on the judgment page."
)
# Each arm reads its rows through its date index. For a page, it sorts them by balance, looks
# each judgment up by id in that order, and stops once it has a page's worth (arm_limit: the
# page's limit + offset): the page is among the arms' first rows. `offset 0` keeps the sorted
# read and the lateral lookups as written; the planner would otherwise hash every judgment (a
# second or more at a million rows) to join a few thousand rows. The owner's email is looked
# up for the page's rows only (deadlines_between).
_ARM_LIMIT = """
 order by 5 desc nulls last, 4, 2, 3 nulls first limit %(arm_limit)s"""
_JUDGMENT_ARM = (
    """
(select %(name)s::text as name, j.id as judgment_id, null::bigint as action_id,
        {column} as due_on, v.balance, j.county_code, j.court_code, j.index_number,
        j.owner_id, {no_lien}
 from (select * from judgment_values v where {column} between %(first)s and %(last)s
       {sorted}) v
 join lateral (select * from judgments j0 where j0.id = v.judgment_id offset 0) j on true
 where {status}"""
    + _FILTERS.format(
        name="%(name)s::text", due="{column}", action="d.action_id is null", owner="j.owner_id"
    )
    + "{limit})"
)
_ACTION_ARM = (
    """
(select x.name, x.judgment_id, x.action_id, x.due_on, x.balance, j.county_code, j.court_code,
        j.index_number, coalesce(x.owner_id, j.owner_id) as owner_id, {no_lien}
 from (select d.name, d.due_on, d.action_id, a.judgment_id, a.owner_id,
              (select v0.balance from judgment_values v0
               where v0.judgment_id = a.judgment_id) as balance
       from action_deadlines d join enforcement_actions a on a.id = d.action_id
       where d.due_on between %(first)s and %(last)s and {open}
       {sorted}) x
 join lateral (select * from judgments j0 where j0.id = x.judgment_id offset 0) j on true
 {values}
 where true"""
    + _FILTERS.format(
        name="x.name",
        due="x.due_on",
        action="d.action_id = x.action_id",
        owner="coalesce(x.owner_id, j.owner_id)",
    )
    + "{limit})"
)
# The action's judgment values, for the no-lien-yet step of a page's rows.
_ACTION_VALUES = """left join lateral (select * from judgment_values v0
                    where v0.judgment_id = x.judgment_id offset 0) v on true"""
_JUDGMENT_ORDER = "order by v.balance desc nulls last, {column}, v.judgment_id offset 0"
_ACTION_ORDER = "order by balance desc nulls last, d.due_on, a.judgment_id, d.action_id offset 0"


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
    owner: str | None = None
    no_lien_yet: bool = False


def deadlines_between(
    conn: psycopg.Connection[Any],
    first: date,
    last: date,
    *,
    kinds: list[str] | None = None,
    county: str | None = None,
    court: str | None = None,
    owner_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    today: date | None = None,
    count_only: bool = False,
) -> Any:
    """The deadlines falling from `first` to `last` (both included), largest balance first,
    leaving out those acknowledged or snoozed past today on the desk.

    `kinds` keeps only those names (JUDGMENT_KINDS and ACTION_DEADLINE_RULES); None keeps
    all. `county` a county code; `court` a court code or a kind of court (TOWN, CIV...).
    `count_only`: how many (an int) instead of the list.
    """
    today = today or today_in_new_york()
    rules = rules_in_force()
    params: dict[str, Any] = {
        "first": first, "last": last, "limit": limit, "offset": offset, "today": today,
        "county": county, "court": court, "owner_id": owner_id, "arm_limit": limit + offset,
    }  # fmt: skip
    union = deadline_union(kinds, params, paged=not count_only)
    if union is None:
        return 0 if count_only else []
    if count_only:
        row = conn.execute(f"select count(*) from ({union}) d", params)
        return int(row.fetchone()[0])  # type: ignore[index]
    order = " order by balance desc nulls last, due_on, judgment_id, action_id nulls first"
    # The owner's email is looked up for the page's rows only, not for every deadline sorted.
    query = (
        "select p.*, (select u.email from users u where u.id = p.owner_id) from ("
        + f"select * from ({union}) u"
        + order
        + " limit %(limit)s offset %(offset)s) p"
        + order
    )
    rule_names = {name: rule for name, (_, _, rule) in JUDGMENT_KINDS.items()}
    citations = {
        name: rules.rule(rule).citation
        for name, rule in (rule_names | ACTION_DEADLINE_RULES).items()
    }
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
            owner=row[10],
            no_lien_yet=bool(row[9]),
        )
        for row in conn.execute(query, params)
    ]


def deadline_union(
    kinds: list[str] | None, params: dict[str, Any], *, paged: bool = False
) -> str | None:
    """The deadlines query: one arm per kind (each read through its own index), as a union
    whose rows are (name, judgment_id, action_id, due_on, balance, county_code, court_code,
    index_number, owner_id, no_lien_yet). `params` must hold first, last, today, county, court
    and owner_id; the kinds' names are added to it. None when no kind is wanted. The digest
    groups it. `paged`: each arm sorted by balance and cut at params["arm_limit"] (a page's
    limit + offset), for a page ordered by balance; otherwise every row, unsorted."""
    arms: list[str] = []
    params.setdefault("lower", list(LOWER_COURT_KINDS))
    for index, (name, (column, status, _)) in enumerate(JUDGMENT_KINDS.items()):
        if kinds is None or name in kinds:
            arm = _JUDGMENT_ARM.replace("%(name)s", f"%(name_{index})s")
            arm = arm.replace("{sorted}", _JUDGMENT_ORDER if paged else "")
            arm = arm.replace("{limit}", _ARM_LIMIT if paged else "")
            arm = arm.replace("{no_lien}", _NO_LIEN_YET if paged else _NO_LIEN_UNASKED)
            arms.append(arm.replace("{column}", column).replace("{status}", status))
            params[f"name_{index}"] = name
    wanted_actions = [name for name in ACTION_DEADLINE_RULES if kinds is None or name in kinds]
    if wanted_actions:
        arm = _ACTION_ARM.replace("{sorted}", _ACTION_ORDER if paged else "")
        arm = arm.replace("{limit}", _ARM_LIMIT if paged else "")
        arm = arm.replace("{no_lien}", _NO_LIEN_YET if paged else _NO_LIEN_UNASKED)
        arm = arm.replace("{values}", _ACTION_VALUES if paged else "")
        arms.append(arm.replace("{open}", f"{OPEN_ACTION} and d.name = any(%(action_names)s)"))
        params["action_names"] = wanted_actions
    return " union all ".join(arms) if arms else None


# How each kind of deadline reads to people (calendar events, messages).
DEADLINE_TITLES: dict[str, str] = {
    "judgment_expires": "Judgment expires",
    "lien_renewal_window_opens": "Lien renewal window opens",
    "lien_expires": "Lien lapses",
    "satisfaction_piece_due": "Satisfaction piece due",
    "answer_due": "Subpoena answer due",
    "debtor_notice_due": "Notice to debtor due",
    "restraint_lapses": "Restraining notice lapses",
    "return_due": "Execution return due",
    "levy_void": "Levy void",
    "serve_employer_from": "Serve the employer",
}
# What to do about each kind of deadline: the step the desk offers beside it.
NEXT_STEPS: dict[str, str] = {
    "judgment_expires": "Collect or record a payment or written acknowledgment before this day "
    "(CPLR 211(b)), or bring an action on the judgment; open it to see its basis.",
    "lien_renewal_window_opens": "Renewal window opens: bring the renewal action (CPLR 5014) "
    "so the new judgment is docketed before the lien lapses.",
    "lien_expires": "Renew the lien before it lapses (CPLR 5014, 5203(a)): the renewal "
    "judgment must be docketed by this day.",
    "satisfaction_piece_due": "File the satisfaction piece with the clerk (CPLR 5020(c)): "
    "make it from the judgment's Papers.",
    "answer_due": "Chase the answer to the information subpoena, or move to compel "
    "(CPLR 5224, 2308).",
    "debtor_notice_due": "Serve the debtor a copy of the restraining notice and the notice to "
    "judgment debtor (CPLR 5222(d)); acknowledge this once it is mailed.",
    "restraint_lapses": "The restraining notice lapses: serve an execution or a new notice "
    "with leave of court (CPLR 5222(b), (c)).",
    "levy_void": "The levy is void after this day: begin the turnover proceeding or get the "
    "court to extend it (CPLR 5232(a), 5225).",
    "return_due": "The execution is returnable: get the marshal's or sheriff's return, or "
    "extend it (CPLR 5230(c)).",
    "serve_employer_from": "Serve the income execution on the employer (CPLR 5231(e)).",
}
# The windows of the desk. Overdue lists only deadlines to act by (a lien or a judgment's life
# that has ended is not "overdue": nothing done now revives it), up to a year back.
WINDOWS: tuple[str, ...] = ("overdue", "today", "next_7_days", "next_30_days", "next_90_days")
ACT_BY: tuple[str, ...] = ("satisfaction_piece_due", "answer_due", "debtor_notice_due",
                           "return_due", "serve_employer_from")  # fmt: skip
OVERDUE_LOOKBACK_DAYS = 365


def next_step(item: DueItem) -> str:
    """The step the desk offers beside a deadline, and the lien step when there is no lien yet."""
    step = NEXT_STEPS.get(item.name, "")
    return f"{step} {NO_LIEN_YET_STEP}" if item.no_lien_yet else step


def all_names() -> list[str]:
    return [*JUDGMENT_KINDS, *ACTION_DEADLINE_RULES]


def window_dates(window: str, today: date) -> tuple[date, date]:
    """The first and last day of a desk window."""
    if window == "overdue":
        return today - timedelta(days=OVERDUE_LOOKBACK_DAYS), today - timedelta(days=1)
    if window == "today":
        return today, today
    days = {"next_7_days": 7, "next_30_days": 30, "next_90_days": 90}.get(window)
    if days is None:
        raise InputError.in_field("window", f"window must be one of {', '.join(WINDOWS)}.")
    return today, today + timedelta(days=days)


def desk_page(
    conn: psycopg.Connection[Any],
    window: str,
    *,
    kind: str | None = None,
    county: str | None = None,
    court: str | None = None,
    owner: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> dict[str, Any]:
    """One page of the desk: the window's deadlines, largest balance first, each with its next
    step. `kind` one deadline name; `county` a county name or code; `court` a court code or
    kind; `owner` a user's email: only what they own ("my desk")."""
    today = today_in_new_york()
    first, last = window_dates(window, today)
    if kind is not None and kind not in all_names():
        raise InputError.in_field("kind", f"kind must be one of {', '.join(all_names())}.")
    kinds = [kind] if kind else None
    if window == "overdue":
        kinds = [k for k in (kinds or list(ACT_BY)) if k in ACT_BY]
        if not kinds:
            return {"window": window, "first": first, "last": last, "items": [], "page": page}
    county_code = None
    if county:
        county_code = resolve_county(county)
        if county_code is None:
            raise InputError.in_field("county", f"county {county!r} is not a New York county.")
    court_code = court.strip().upper() if court else None
    owner_id = owner_user_id(conn, owner) if owner else None
    found = deadlines_between(
        conn, first, last, kinds=kinds, county=county_code, court=court_code, owner_id=owner_id,
        limit=page_size + 1, offset=(page - 1) * page_size, today=today,
    )  # fmt: skip
    return {
        "window": window,
        "first": first,
        "last": last,
        "page": page,
        "has_more": len(found) > page_size,
        "items": [{**asdict(item), "next_step": next_step(item)} for item in found[:page_size]],
    }


@dataclass(frozen=True)
class Dismissal:
    id: int
    judgment_id: int
    action_id: int | None
    name: str
    due_on: date
    snoozed_until: date | None
    reason: str
    created_by: str


def dismiss_deadline(
    conn: psycopg.Connection[Any],
    *,
    judgment_id: int,
    action_id: int | None,
    name: str,
    due_on: date,
    snoozed_until: date | None,
    reason: str,
    actor: str,
) -> Dismissal:
    """Acknowledge a deadline (snoozed_until None: off the desk for good) or snooze it until a
    later day, with a reason; audited. The deadline must be one the desk would show."""
    if name not in all_names():
        raise InputError.in_field("name", f"name must be one of {', '.join(all_names())}.")
    if not reason.strip():
        raise InputError.in_field("reason", "Give a reason (what was done, or why it waits).")
    today = today_in_new_york()
    if snoozed_until is not None and snoozed_until <= today:
        raise InputError.in_field(
            "snoozed_until", f"snoozed_until {snoozed_until} must be after today ({today})."
        )
    with conn.transaction():
        row = conn.execute("select 1 from judgments where id = %s", (judgment_id,)).fetchone()
        if row is None:
            raise NotFound(f"No judgment with id {judgment_id}.")
        if action_id is not None:
            owner = conn.execute(
                "select judgment_id from enforcement_actions where id = %s", (action_id,)
            ).fetchone()
            if owner is None or owner[0] != judgment_id:
                raise InputError.in_field(
                    "action_id", f"action {action_id} is not an action of judgment {judgment_id}."
                )
        with conn.cursor(row_factory=class_row(Dismissal)) as cur:
            made = cur.execute(
                "insert into desk_dismissals (judgment_id, action_id, name, due_on,"
                " snoozed_until, reason, created_by) values (%s, %s, %s, %s, %s, %s, %s)"
                " returning id, judgment_id, action_id, name, due_on, snoozed_until, reason,"
                " created_by",
                (judgment_id, action_id, name, due_on, snoozed_until, reason.strip(), actor),
            ).fetchone()
        assert made is not None
        record_audit(
            conn,
            actor=actor,
            action="desk.snooze" if snoozed_until else "desk.acknowledge",
            entity="judgment",
            entity_id=judgment_id,
            before=None,
            after={
                "deadline": name, "due_on": due_on, "action_id": action_id,
                "snoozed_until": snoozed_until, "reason": made.reason,
            },
        )  # fmt: skip
    return made


def overdue_count(conn: psycopg.Connection[Any], today: date | None = None) -> int:
    """How many deadlines the desk shows as overdue (acknowledged and snoozed ones left out)."""
    today = today or today_in_new_york()
    first, last = window_dates("overdue", today)
    return int(
        deadlines_between(conn, first, last, kinds=list(ACT_BY), today=today, count_only=True)
    )
