"""Calendar feeds: each user's deadlines as an iCalendar (.ics) feed for Outlook or Google.

The feed's URL holds a secret token, shown once when the feed is made; only its SHA-256 is
stored (calendar_feeds). A user has one live feed: making a new one revokes the old, and a
revoked or unknown token answers 404. The events are the desk's own deadlines
(services.desk.deadlines_between), all-day, with a UID that stays the same when the day moves,
so a subscribed calendar updates the event instead of adding another.

What leaves the building: a subscribed calendar lives with a third party (Microsoft, Google),
so by default an event names the deadline, the judgment's index number, the amount at stake and
a link to the judgment, never the debtor. DRAGONFLY_CALENDAR_DEBTOR_NAMES=true adds the debtor's
name to each event's title, for firms whose counsel allows it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from icalendar import Calendar, Event
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.vocabulary import UserRole
from dragonfly.errors import Forbidden, NotFound
from dragonfly.services.accounts.passwords import digest
from dragonfly.services.accounts.users import User
from dragonfly.services.audit import record_audit
from dragonfly.services.desk import DEADLINE_TITLES, DueItem, deadlines_between, next_step

FEED_PREFIX = "dfc_"
SCOPES = ("mine", "all")
# What a feed holds: deadlines from a month back (so one just missed stays visible) to a year
# ahead, at most this many, largest balance first (the desk's order).
LOOKBACK_DAYS = 30
LOOKAHEAD_DAYS = 365
MAX_EVENTS = 2000


@dataclass(frozen=True)
class CalendarFeed:
    """A user's feed, never with its token."""

    id: int
    user_id: int
    scope: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None


_COLUMNS = "id, user_id, scope, created_by, created_at, revoked_at"


def live_feed(conn: psycopg.Connection[Any], user: User) -> CalendarFeed | None:
    """The user's live feed, if any."""
    with conn.cursor(row_factory=class_row(CalendarFeed)) as cur:
        return cur.execute(
            f"select {_COLUMNS} from calendar_feeds where user_id = %s and revoked_at is null",
            (user.id,),
        ).fetchone()


def create_feed(
    conn: psycopg.Connection[Any], user: User, scope: str = "mine"
) -> tuple[CalendarFeed, str]:
    """A new feed for `user` (their live one, if any, is revoked); the token is returned here
    only. `scope` "all" (every deadline, not only the user's) is for admins."""
    if scope not in SCOPES:
        raise NotFound(f"No feed scope {scope!r}; use one of {', '.join(SCOPES)}.")
    if scope == "all" and user.role is not UserRole.ADMIN:
        raise Forbidden("Only an admin may subscribe to every deadline; choose 'mine'.")
    token = FEED_PREFIX + secrets.token_urlsafe(32)
    with conn.transaction():
        conn.execute("select 1 from users where id = %s for update", (user.id,))
        _revoke(conn, user)
        with conn.cursor(row_factory=class_row(CalendarFeed)) as cur:
            feed = cur.execute(
                "insert into calendar_feeds (user_id, token_hash, scope, created_by)"
                f" values (%s, %s, %s, %s) returning {_COLUMNS}",
                (user.id, digest(token), scope, user.email),
            ).fetchone()
        assert feed is not None
        record_audit(
            conn, actor=user.email, action="calendar_feed.create", entity="user",
            entity_id=user.id, after={"feed_id": feed.id, "scope": scope},
        )  # fmt: skip
    return feed, token


def revoke_feed(conn: psycopg.Connection[Any], user: User) -> CalendarFeed:
    """Revoke the user's live feed: its URL answers 404 from now on. NotFound when none."""
    with conn.transaction():
        conn.execute("select 1 from users where id = %s for update", (user.id,))
        revoked = _revoke(conn, user)
        if revoked is None:
            raise NotFound("You have no calendar feed to revoke.")
        record_audit(
            conn, actor=user.email, action="calendar_feed.revoke", entity="user",
            entity_id=user.id, before={"feed_id": revoked.id, "scope": revoked.scope},
        )  # fmt: skip
    return revoked


def _revoke(conn: psycopg.Connection[Any], user: User) -> CalendarFeed | None:
    with conn.cursor(row_factory=class_row(CalendarFeed)) as cur:
        return cur.execute(
            "update calendar_feeds set revoked_at = now() where user_id = %s"
            f" and revoked_at is null returning {_COLUMNS}",
            (user.id,),
        ).fetchone()


def feed_events(
    conn: psycopg.Connection[Any], token: str, today: date | None = None
) -> tuple[list[DueItem], dict[int, str]]:
    """The deadlines a live feed's token shows, and the debtors' names by judgment id; NotFound
    (404) for a token that is unknown, revoked or whose user is disabled."""
    # Every deadline only while the user is still an admin: one no longer an admin sees their own.
    row = conn.execute(
        "select f.user_id, case when u.role = 'admin' then f.scope else 'mine' end"
        " from calendar_feeds f join users u on u.id = f.user_id"
        " where f.token_hash = %s and f.revoked_at is null and not u.disabled",
        (digest(token),),
    ).fetchone()
    if row is None:
        raise NotFound("No such calendar feed.")
    user_id, scope = int(row[0]), str(row[1])
    today = today or today_in_new_york()
    items = deadlines_between(
        conn, today - timedelta(days=LOOKBACK_DAYS), today + timedelta(days=LOOKAHEAD_DAYS),
        owner_id=None if scope == "all" else user_id, limit=MAX_EVENTS, today=today,
    )  # fmt: skip
    names = conn.execute(
        "select j.id, d.name from judgments j join debtors d on d.id = j.debtor_id"
        " where j.id = any(%s) and d.name is not null",
        (sorted({item.judgment_id for item in items}),),
    ).fetchall()
    return items, {int(judgment_id): str(name) for judgment_id, name in names}


def feed_calendar(
    items: list[DueItem],
    debtor_names: dict[int, str],
    base_url: str,
    *,
    show_names: bool = False,
    stamp: datetime | None = None,
) -> bytes:
    """The .ics text: one all-day event per deadline. `base_url` the dashboard's address (links
    to each judgment); `show_names` adds the debtor's name to each title (see the module)."""
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Dragonfly//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Dragonfly deadlines")
    calendar.add("x-published-ttl", "PT1H")
    base = base_url.rstrip("/")
    for item in items:
        link = f"{base}/#/judgments/{item.judgment_id}"
        title = f"{DEADLINE_TITLES.get(item.name, item.name)}: {item.index_number}"
        if item.balance is not None:
            title += f" (${item.balance:,.2f} at stake)"
        if show_names and item.judgment_id in debtor_names:
            title += f" v. {debtor_names[item.judgment_id]}"
        event = Event()
        # Stable: the same deadline keeps its UID when its day moves, so calendars update it.
        event.add("uid", f"{item.name}-{item.judgment_id}-{item.action_id or 0}@dragonfly")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", title)
        event.add("description", f"{next_step(item)}\n{item.citation}\n{link}")
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
