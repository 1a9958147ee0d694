"""The deadlines desk: what is overdue, due today and in the next 7, 30 and 90 days over
judgments and open actions, largest balance first; acknowledge or snooze a deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, computed_field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId, PageNumber, refuse_deep_page
from dragonfly.domain.counties import county_name
from dragonfly.services.desk import Dismissal, desk_page, dismiss_deadline
from dragonfly.services.owners import assign_owner

router = APIRouter(prefix="/api/v1/desk", tags=["desk"])
owners = APIRouter(prefix="/api/v1", tags=["desk"])

Window = Literal["overdue", "today", "next_7_days", "next_30_days", "next_90_days"]


class DeskItem(BaseModel):
    name: str = Field(
        description="judgment_expires, lien_expires, satisfaction_piece_due, debtor_notice_due, ..."
    )
    judgment_id: int
    action_id: int | None
    due_on: date
    days_left: int
    balance: Decimal | None
    county_code: str | None
    court_code: str | None
    index_number: str
    citation: str
    owner: str | None
    no_lien_yet: bool = Field(
        default=False,
        description="A lower court's judgment with no transcript docketed and real property known",
    )
    next_step: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def county_name(self) -> str | None:
        """The county as people write it (`New York`, not `NEW_YORK`)."""
        return county_name(self.county_code)


class DeskPage(BaseModel):
    window: Window
    first: date
    last: date
    page: int
    has_more: bool = False
    items: list[DeskItem]


class DismissalIn(BaseModel):
    judgment_id: EntityId
    action_id: EntityId | None = None
    name: Annotated[str, Field(min_length=1, max_length=60)]
    due_on: date
    snoozed_until: date | None = Field(
        default=None, description="Snooze until this day (after today); none: acknowledge."
    )
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class DismissalOut(BaseModel):
    id: int
    judgment_id: int
    action_id: int | None
    name: str
    due_on: date
    snoozed_until: date | None
    reason: str
    created_by: str


@router.get("", response_model=DeskPage)
def desk_index(
    user: CurrentUser,
    conn: Conn,
    window: Window = "next_7_days",
    kind: Annotated[str, Field(max_length=60)] | None = None,
    county: Annotated[str, Field(max_length=60)] | None = None,
    court: Annotated[str, Field(max_length=60)] | None = None,
    owner: Annotated[str, Field(max_length=254)] | None = None,
    page: PageNumber = 1,
    page_size: Annotated[int, Field(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """One page of a window's deadlines, largest balance first, each with the rule it comes
    from and its next step; deadlines acknowledged or snoozed past today are left out. `owner`
    an ops or admin user's email, or `me`: only what that user owns ("my desk")."""
    refuse_deep_page(page, page_size)
    mine = user.email if owner == "me" else owner
    return desk_page(
        conn, window, kind=kind or None, county=county or None, court=court or None,
        owner=mine or None, page=page, page_size=page_size,
    )  # fmt: skip


@router.post("/dismissals", response_model=DismissalOut, status_code=201)
def desk_dismiss(body: DismissalIn, user: Writer, conn: Conn) -> Dismissal:
    """Acknowledge a deadline, or snooze it until a later day, with a reason; audited."""
    return dismiss_deadline(
        conn,
        judgment_id=body.judgment_id,
        action_id=body.action_id,
        name=body.name,
        due_on=body.due_on,
        snoozed_until=body.snoozed_until,
        reason=body.reason,
        actor=user.email,
    )


class OwnerIn(BaseModel):
    owner: Annotated[str, Field(min_length=3, max_length=254)] | None = Field(
        description="The email of an ops or admin user; null to unassign."
    )


class OwnerOut(BaseModel):
    owner: str | None
    judgment_id: int
    action_id: int | None


@owners.put("/judgments/{judgment_id}/owner", response_model=OwnerOut)
def judgment_owner(judgment_id: EntityId, body: OwnerIn, user: Writer, conn: Conn) -> Any:
    """Assign the judgment to a user (or unassign it); audited."""
    return assign_owner(conn, "judgment", judgment_id, body.owner, actor=user.email)


@owners.put("/actions/{action_id}/owner", response_model=OwnerOut)
def action_owner(action_id: EntityId, body: OwnerIn, user: Writer, conn: Conn) -> Any:
    """Assign the enforcement action to a user (or unassign it: its judgment's owner then owns
    it); audited on the judgment."""
    return assign_owner(conn, "action", action_id, body.owner, actor=user.email)
