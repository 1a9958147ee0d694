"""The digest's figures: how many deadlines fall overdue and within each lead time, per kind,
and the money at stake (the balances of the judgments concerned, each judgment counted once).

It reads the desk's own deadline query (services.desk.deadline_union: one indexed arm per kind,
acknowledged and snoozed deadlines left out) and groups it in SQL, so over a million judgments
it reads only the few thousand rows that fall in the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.services.desk import (
    ACT_BY,
    DEADLINE_TITLES,
    NEXT_STEPS,
    OVERDUE_LOOKBACK_DAYS,
    DueItem,
    deadline_union,
    deadlines_between,
)

# What each deadline is called in a message: the desk's own titles.
KIND_LABELS = DEADLINE_TITLES
OVERDUE = "overdue"

# Each deadline's (band, kind), with how many, how many judgments, and their balances; the band
# is 'overdue' or the smallest lead time (in days) the deadline falls within.
_GROUPED = """
with d as ({union}),
banded as (
  select case when d.due_on < %(today)s then 'overdue'
              else (select min(l) from unnest(%(leads)s::int[]) l
                    where l >= d.due_on - %(today)s::date)::text end as band,
         d.name, d.judgment_id, d.balance
  from d),
per_judgment as (
  select band, name, judgment_id, count(*) as n, max(balance) as balance
  from banded group by band, name, judgment_id)
select band, name, sum(n)::bigint, count(*), coalesce(sum(balance), 0)
from per_judgment group by band, name
union all
select band, null, sum(n)::bigint, count(*), coalesce(sum(balance), 0)
from (select band, judgment_id, sum(n) as n, max(balance) as balance
      from per_judgment group by band, judgment_id) j
group by band
union all
select 'all', null, sum(n)::bigint, count(*), coalesce(sum(balance), 0)
from (select judgment_id, sum(n) as n, max(balance) as balance
      from per_judgment group by judgment_id) j
"""


@dataclass(frozen=True)
class KindLine:
    name: str
    label: str
    deadlines: int
    judgments: int
    at_stake: Decimal
    next_step: str


@dataclass(frozen=True)
class Band:
    key: str  # 'overdue' or the lead time in days
    title: str
    first: date
    last: date
    deadlines: int
    judgments: int
    at_stake: Decimal
    kinds: list[KindLine] = field(default_factory=list)
    desk_window: str = "next_7_days"


@dataclass(frozen=True)
class Digest:
    day: date
    lead_days: tuple[int, ...]
    bands: list[Band]
    judgments: int = 0  # judgments with a deadline in any band, each once
    at_stake: Decimal = Decimal("0.00")  # their balances, each judgment once

    @property
    def deadlines(self) -> int:
        return sum(b.deadlines for b in self.bands)


def _kind_line(row: tuple[Any, ...]) -> KindLine:
    name = str(row[1])
    return KindLine(
        name=name,
        label=KIND_LABELS.get(name, name),
        deadlines=int(row[2]),
        judgments=int(row[3]),
        at_stake=Decimal(row[4]),
        next_step=NEXT_STEPS.get(name, ""),
    )


def _band_title(key: str, lead: int | None) -> str:
    if key == OVERDUE:
        return "Overdue"
    return "Due today or tomorrow" if lead == 1 else f"Due within {lead} days"


def _desk_window(key: str, lead: int | None) -> str:
    """The desk window that shows a band's deadlines (the dashboard link)."""
    if key == OVERDUE:
        return "overdue"
    if lead is not None and lead <= 7:
        return "next_7_days"
    return "next_30_days" if lead is not None and lead <= 30 else "next_90_days"


def _grouped(
    conn: psycopg.Connection[Any], today: date, leads: tuple[int, ...]
) -> list[tuple[Any, ...]]:
    """One query: overdue deadlines to act by (a year back, as the desk) and every kind's
    deadlines from today to the longest lead time, grouped by band and kind."""
    params: dict[str, Any] = {
        "first": today, "last": today + timedelta(days=leads[-1]), "today": today,
        "leads": list(leads), "county": None, "court": None, "owner_id": None,
        "overdue_first": today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        "overdue_last": today - timedelta(days=1),
    }  # fmt: skip
    overdue = deadline_union(list(ACT_BY), params) or ""
    overdue = overdue.replace("%(first)s", "%(overdue_first)s")
    overdue = overdue.replace("%(last)s", "%(overdue_last)s")
    overdue = overdue.replace("%(action_names)s", "%(overdue_action_names)s")
    params["overdue_action_names"] = params.pop("action_names", [])
    upcoming = deadline_union(None, params)
    union = f"{overdue} union all {upcoming}" if overdue else str(upcoming)
    return conn.execute(_GROUPED.format(union=union), params).fetchall()


def compute_digest(
    conn: psycopg.Connection[Any], lead_days: tuple[int, ...], today: date | None = None
) -> Digest:
    """The firm's digest as of `today`: overdue (deadlines to act by, a year back, as the desk),
    then each lead time's deadlines not already in a shorter one."""
    today = today or today_in_new_york()
    leads = tuple(sorted(lead_days))
    rows = _grouped(conn, today, leads)
    totals = {r[0]: r for r in rows if r[1] is None}
    bands: list[Band] = []
    previous = -1
    for key, lead in [(OVERDUE, None), *((str(n), n) for n in leads)]:
        if key == OVERDUE:
            first, last = today - timedelta(days=OVERDUE_LOOKBACK_DAYS), today - timedelta(days=1)
        else:
            assert lead is not None
            first, last = today + timedelta(days=previous + 1), today + timedelta(days=lead)
            previous = lead
        total = totals.get(key)
        kinds = sorted(
            (_kind_line(r) for r in rows if r[0] == key and r[1] is not None),
            key=lambda k: (-k.at_stake, k.name),
        )
        bands.append(
            Band(
                key=key,
                title=_band_title(key, lead),
                first=first,
                last=last,
                deadlines=int(total[2]) if total else 0,
                judgments=int(total[3]) if total else 0,
                at_stake=Decimal(total[4]) if total else Decimal("0.00"),
                kinds=kinds,
                desk_window=_desk_window(key, lead),
            )
        )
    overall = totals.get("all")
    return Digest(
        day=today,
        lead_days=leads,
        bands=bands,
        judgments=int(overall[3]) if overall else 0,
        at_stake=Decimal(overall[4]) if overall else Decimal("0.00"),
    )


@dataclass(frozen=True)
class UserDeadlines:
    """One user's own deadlines for their email: overdue, then upcoming, largest balance first."""

    overdue: list[DueItem]
    upcoming: list[DueItem]
    more: bool


def deadlines_of_user(
    conn: psycopg.Connection[Any],
    user_id: int,
    lead_days: tuple[int, ...],
    today: date | None = None,
    limit: int = 50,
) -> UserDeadlines:
    """What `user_id` owns that is overdue or due within the longest lead time (at most `limit`
    of each, and whether there were more)."""
    today = today or today_in_new_york()
    overdue = deadlines_between(
        conn, today - timedelta(days=OVERDUE_LOOKBACK_DAYS), today - timedelta(days=1),
        kinds=list(ACT_BY), owner_id=user_id, limit=limit + 1, today=today,
    )  # fmt: skip
    upcoming = deadlines_between(
        conn, today, today + timedelta(days=max(lead_days)), owner_id=user_id,
        limit=limit + 1, today=today,
    )  # fmt: skip
    upcoming.sort(key=lambda item: (item.due_on, -(item.balance or 0)))
    return UserDeadlines(
        overdue=overdue[:limit],
        upcoming=upcoming[:limit],
        more=len(overdue) > limit or len(upcoming) > limit,
    )
