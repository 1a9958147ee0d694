"""Calendar feeds: make, show and revoke your deadlines' iCalendar feed; the feed itself at
/calendar/{token}.ics, for Outlook and Google to fetch without signing in (the token is the key)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser
from dragonfly.services.calendar_feed import (
    CalendarFeed,
    create_feed,
    feed_calendar,
    feed_events,
    live_feed,
    revoke_feed,
)

router = APIRouter(prefix="/api/v1/calendar-feed", tags=["calendar"])
feed = APIRouter(tags=["calendar"])

FEED_PATH = "/calendar/{token}.ics"


class FeedIn(BaseModel):
    scope: Literal["mine", "all"] = Field(
        default="mine", description="mine: what you own; all: every deadline (admins only)."
    )


class FeedOut(BaseModel):
    active: bool
    scope: str | None = None
    created_at: datetime | None = None
    revoked_at: datetime | None = None


class CreatedFeed(FeedOut):
    url: str = Field(description="The feed's address. Shown this once; only a hash is kept.")


def _out(found: CalendarFeed | None) -> dict[str, Any]:
    if found is None:
        return {"active": False}
    return {
        "active": found.revoked_at is None,
        "scope": found.scope,
        "created_at": found.created_at,
        "revoked_at": found.revoked_at,
    }


@router.get("", response_model=FeedOut)
def calendar_feed_show(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Whether you have a live feed, and its scope; never its address."""
    return _out(live_feed(conn, user))


@router.post("", response_model=CreatedFeed, status_code=201)
def calendar_feed_create(
    body: FeedIn, request: Request, user: CurrentUser, conn: Conn
) -> dict[str, Any]:
    """A new feed address (any earlier one stops working). Copy it now: it is not shown again."""
    made, token = create_feed(conn, user, body.scope)
    url = str(request.url_for("calendar_feed_ics", token=token))
    return {**_out(made), "url": url}


@router.delete("", response_model=FeedOut)
def calendar_feed_revoke(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Stop your feed: its address answers 404 from now on."""
    return _out(revoke_feed(conn, user))


@feed.get(
    FEED_PATH,
    name="calendar_feed_ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "The iCalendar feed"}},
)
def calendar_feed_ics(token: str, request: Request, conn: Conn) -> Response:
    """Your deadlines as all-day events (no sign-in: the token in the address is the key;
    404 once revoked)."""
    items, names = feed_events(conn, token)
    body = feed_calendar(
        items,
        names,
        str(request.base_url),
        show_names=request.app.state.settings.dragonfly_calendar_debtor_names,
    )
    return Response(
        content=body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=900", "Referrer-Policy": "no-referrer"},
    )
