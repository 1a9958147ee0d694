"""Enforcement actions: open one, move it along its state machine, see what is due."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId, Page, PageNumber, PageSize, refuse_deep_page
from dragonfly.api.schemas import ActionOut
from dragonfly.domain.vocabulary import ActionKind, ActionState
from dragonfly.services.enforcement import Action, create_action, list_actions, move_action

router = APIRouter(prefix="/api/v1", tags=["actions"])


class NewAction(BaseModel):
    kind: ActionKind
    third_party: Annotated[str, Field(max_length=200)] | None = None
    notes: Annotated[str, Field(max_length=2000)] = ""
    leave_of_court: Annotated[str, Field(max_length=500)] | None = Field(
        default=None,
        description="The order granting leave for another restraining notice to the same "
        "person on this judgment (CPLR 5222(c)), e.g. its date and index.",
    )


class Move(BaseModel):
    to_state: ActionState
    on: date | None = None
    note: Annotated[str, Field(max_length=2000)] = ""


class DueAction(ActionOut):
    index_number: str
    days_left: int | None


@router.post(
    "/judgments/{judgment_id}/actions",
    response_model=ActionOut,
    status_code=201,
    responses={409: {"description": "The judgment cannot be enforced, or the CPLR forbids it"}},
)
def actions_create(judgment_id: EntityId, body: NewAction, user: Writer, conn: Conn) -> Action:
    """Refused with 409 on a satisfied, vacated, expired, on-hold or fully paid judgment, for a
    second open income execution on a debtor, and for a second restraining notice to the same
    person without leave of court."""
    return create_action(
        conn,
        judgment_id,
        body.kind,
        third_party=body.third_party,
        notes=body.notes,
        actor=user.email,
        leave_of_court=body.leave_of_court,
    )


@router.post(
    "/actions/{action_id}/transition",
    response_model=ActionOut,
    responses={409: {"description": "Not allowed from the current state"}},
)
def actions_transition(action_id: EntityId, body: Move, user: Writer, conn: Conn) -> Action:
    """Invalid moves answer 409 invalid_transition with the state and the allowed targets; a
    date before the judgment's entry or in the future answers 422 naming `on`."""
    return move_action(conn, action_id, body.to_state, on=body.on, note=body.note, actor=user.email)


@router.get("/actions", response_model=Page[DueAction])
def actions_index(
    user: CurrentUser,
    conn: Conn,
    state: ActionState | None = None,
    due: Literal["overdue", "next_7_days"] | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    refuse_deep_page(page, page_size)
    items, total = list_actions(conn, state, due, page, page_size)
    return {"items": items, "total": total, "page": page, "page_size": page_size}
