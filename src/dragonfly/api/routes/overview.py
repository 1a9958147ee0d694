"""The CEO's overview."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel

from dragonfly.api.deps import Conn, CurrentUser
from dragonfly.api.models import Money
from dragonfly.api.routes.releases import RunOut
from dragonfly.services.overview import overview

router = APIRouter(prefix="/api/v1", tags=["overview"])


class Metric(BaseModel):
    key: str
    label: str
    value: str | float | int | None
    unit: Literal["money", "count", "percent"]
    status: Literal["green", "amber", "red", "unavailable"]
    detail: str


class WeekAmount(BaseModel):
    week: str
    amount: Money


class TierRow(BaseModel):
    tier: str
    count: int
    balance: Money


class FunnelRow(BaseModel):
    state: str
    count: int


class PlacementMonth(BaseModel):
    month: str
    judgments: int
    placed: Money
    collected: Money
    rate: float | None


class Charts(BaseModel):
    collected_by_week: list[WeekAmount]
    liquidation_by_month: list[PlacementMonth]
    by_tier: list[TierRow]
    funnel: list[FunnelRow]


class Overview(BaseModel):
    metrics: list[Metric]
    charts: Charts
    computed_at: str
    last_release: RunOut | None


@router.get("/overview", response_model=Overview)
def overview_show(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Numbers are recomputed at most every few seconds (see `computed_at`)."""
    return overview(conn)
