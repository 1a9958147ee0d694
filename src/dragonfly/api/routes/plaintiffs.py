"""Plaintiffs: the list, who to call next, one plaintiff's judgments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser
from dragonfly.api.models import EntityId, Money, Page, PageNumber, PageSize, refuse_deep_page
from dragonfly.api.routes.judgments import JudgmentItem
from dragonfly.api.schemas import FromRow
from dragonfly.domain.vocabulary import PlaintiffStatus
from dragonfly.services.plaintiffs import call_queue, list_plaintiffs, plaintiff_with_judgments

router = APIRouter(prefix="/api/v1/plaintiffs", tags=["plaintiffs"])


class PlaintiffItem(FromRow):
    id: int
    name: str
    status: str
    phone: str | None
    email: str | None
    judgments: int
    total_balance: Money


class CallItem(PlaintiffItem):
    reason: str


class CallQueue(BaseModel):
    items: list[CallItem]


class PlaintiffFull(PlaintiffItem):
    kind: str
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    best_contact_method: str | None
    created_at: datetime


class PlaintiffDetail(BaseModel):
    plaintiff: PlaintiffFull
    judgments: list[JudgmentItem]


@router.get("", response_model=Page[PlaintiffItem])
def plaintiffs_index(
    user: CurrentUser,
    conn: Conn,
    status: PlaintiffStatus | None = None,
    q: Annotated[str, Field(max_length=200)] | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    refuse_deep_page(page, page_size)
    items, total = list_plaintiffs(conn, status, q, page, page_size)
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/call-queue", response_model=CallQueue)
def plaintiffs_call_queue(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Clients not yet signed who can be reached, largest open balance first."""
    return {"items": call_queue(conn)}


@router.get("/{plaintiff_id}", response_model=PlaintiffDetail)
def plaintiffs_show(plaintiff_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    return plaintiff_with_judgments(conn, plaintiff_id)
