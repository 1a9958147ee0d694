"""The portfolio list, its CSV export, and one judgment's full picture."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from dragonfly.api.csv_export import csv_export
from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId, Money, Page, PageNumber, PageSize, refuse_deep_page
from dragonfly.api.schemas import FromRow, JudgmentDetail, StandingOut
from dragonfly.domain.vocabulary import InterestRegime, JudgmentStatus
from dragonfly.services.judgments.detail import judgment_detail
from dragonfly.services.judgments.interest_regime import (
    RegimeChange,
    change_judgment_regime,
    change_regime,
    preview_regime_change,
)
from dragonfly.services.judgments.portfolio import (
    EXPORT_HEADER,
    JudgmentFilters,
    Sort,
    check_filters,
    export_rows,
    list_judgments,
)
from dragonfly.services.judgments.status import (
    Standing,
    change_judgment_status,
    record_satisfaction_filed,
)

router = APIRouter(prefix="/api/v1/judgments", tags=["judgments"])

Tier = Literal["A", "B", "C", "D", "F"]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999.99"), decimal_places=2)]
Points = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, Field(max_length=200)]


class JudgmentItem(FromRow):
    id: int
    index_number: str
    court_name: str
    county_code: str | None

    entry_date: date
    principal: Money
    balance: Money | None
    score: int | None
    tier: str | None
    status: str
    plaintiff_name: str | None
    debtor_name: str | None
    county_name: str | None = Field(description="The county as people write it: New York")
    overpaid: Money = Field(description="Paid beyond the balance: owed back to the debtor.")
    enforceable_until: date | None = Field(
        description="From this day the judgment is treated as expired (CPLR 211(b): twenty "
        "years from entry, or from a later payment or written acknowledgment)."
    )


class JudgmentPage(Page[JudgmentItem]):
    total_is_estimate: bool


def judgment_filters(
    status: JudgmentStatus | None = None,
    tier: Tier | None = None,
    county: Text | None = None,
    court: Text | None = None,
    plaintiff_id: Annotated[int, Field(ge=1, le=2**62)] | None = None,
    balance_min: Amount | None = None,
    balance_max: Amount | None = None,
    score_min: Points | None = None,
    score_max: Points | None = None,
    q: Text | None = None,
    interest_regime: InterestRegime | None = None,
    likely_consumer: Annotated[
        bool,
        Query(description="Individuals owing a consumer creditor, still at the standard rate."),
    ] = False,
) -> JudgmentFilters:
    filters = JudgmentFilters(
        status, tier, county, court, plaintiff_id, balance_min, balance_max, score_min, score_max,
        q, interest_regime.value if interest_regime else None, likely_consumer,
    )  # fmt: skip
    check_filters(filters)  # a bad county or search is a 422, even for a streamed export
    return filters


Filters = Annotated[JudgmentFilters, Depends(judgment_filters)]


@router.get("", response_model=JudgmentPage)
def judgments_index(
    user: CurrentUser,
    conn: Conn,
    filters: Filters,
    sort: Sort = "-balance",
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    """Filtered, sorted page. Past 10,000 matches `total` is the planner's estimate, flagged."""
    refuse_deep_page(page, page_size)
    items, total, estimated = list_judgments(conn, filters, sort, page, page_size)
    return {
        "items": items,
        "total": total,
        "total_is_estimate": estimated,
        "page": page,
        "page_size": page_size,
    }


@router.get(
    "/export.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}}
)
def judgments_export(
    request: Request, user: CurrentUser, filters: Filters, sort: Sort = "-balance"
) -> StreamingResponse:
    """Every judgment matching the filters, as CSV (streamed; 429 while you run 2 already)."""
    rows = partial(export_rows, filters=filters, sort=sort)
    return csv_export(request, user.email, EXPORT_HEADER, rows, "judgments.csv")


@router.get("/{judgment_id}", response_model=JudgmentDetail)
def judgments_show(judgment_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Everything about one judgment: balance and score breakdowns, next step, deadlines,
    actions, ledger and audit trail."""
    return judgment_detail(conn, judgment_id)


class StatusChangeIn(BaseModel):
    status: JudgmentStatus = Field(description="satisfied, vacated, on_hold or active")
    reason: Annotated[str, Field(min_length=1, max_length=1000)]
    on: date | None = Field(
        default=None, description="The day it was satisfied or vacated (default today)."
    )
    until: date | None = Field(default=None, description="When a hold ends (required for on_hold).")


@router.post(
    "/{judgment_id}/status",
    response_model=StandingOut,
    responses={409: {"description": "The status cannot move there from where it is"}},
)
def judgments_change_status(
    judgment_id: EntityId, body: StatusChangeIn, user: Writer, conn: Conn
) -> Standing:
    """Satisfy, vacate, hold or reactivate a judgment, with a reason. Interest stops on the day
    of satisfaction or vacatur; a satisfied judgment's satisfaction-piece deadline appears."""
    return change_judgment_status(
        conn,
        judgment_id,
        body.status,
        reason=body.reason,
        on=body.on,
        until=body.until,
        actor=user.email,
    )


class SatisfactionFiledIn(BaseModel):
    filed_on: date = Field(description="The day the satisfaction piece was filed with the clerk.")


@router.post(
    "/{judgment_id}/satisfaction-filed",
    response_model=StandingOut,
    responses={409: {"description": "The judgment is not satisfied"}},
)
def judgments_satisfaction_filed(
    judgment_id: EntityId, body: SatisfactionFiledIn, user: Writer, conn: Conn
) -> Standing:
    """Record the filing of a satisfied judgment's satisfaction piece (CPLR 5020): its
    satisfaction-piece deadline is met and leaves the desk."""
    return record_satisfaction_filed(conn, judgment_id, filed_on=body.filed_on, actor=user.email)


class RegimeIn(BaseModel):
    regime: InterestRegime


class RegimeChangeIn(RegimeIn):
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class BulkRegimeChangeIn(RegimeChangeIn):
    expected: Annotated[int, Field(ge=0, le=1_000_000)] = Field(
        description="How many judgments the preview said would change; a different count is 409."
    )
    selection: Annotated[str, Field(pattern="^[0-9a-f]{64}$")] = Field(
        description="The preview's `selection`: the judgments it would change and their rates. "
        "When the filters now select anything else, the change is refused (409)."
    )


class RegimeChangeOut(BaseModel):
    regime: InterestRegime
    judgments: int
    balance_before: Money
    balance_after: Money
    change: Money
    selection: str = Field(
        description="Fingerprint of the judgments changed (or to change) and their rates; "
        "send it back to confirm a previewed bulk change."
    )


def _regime_out(done: RegimeChange) -> dict[str, Any]:
    return {
        "regime": done.regime,
        "judgments": done.judgments,
        "balance_before": done.balance_before,
        "balance_after": done.balance_after,
        "change": done.change,
        "selection": done.selection,
    }


@router.post("/interest-regime/preview", response_model=RegimeChangeOut)
def judgments_regime_preview(
    body: RegimeIn, user: Writer, conn: Conn, filters: Filters
) -> dict[str, Any]:
    """How many of the filtered judgments would change to `regime`, and the total change in
    their balances. Nothing is changed."""
    return _regime_out(preview_regime_change(conn, filters, body.regime))


@router.post(
    "/interest-regime",
    response_model=RegimeChangeOut,
    responses={409: {"description": "The selection changed since the preview"}},
)
def judgments_regime_change(
    body: BulkRegimeChangeIn, user: Writer, conn: Conn, filters: Filters
) -> dict[str, Any]:
    """Change the rate of every filtered judgment, as previewed; audited with the reason."""
    done = change_regime(
        conn,
        filters,
        body.regime,
        reason=body.reason,
        expected=body.expected,
        selection=body.selection,
        actor=user.email,
    )
    return _regime_out(done)


@router.post("/{judgment_id}/interest-regime", response_model=RegimeChangeOut)
def judgments_change_regime(
    judgment_id: EntityId, body: RegimeChangeIn, user: Writer, conn: Conn
) -> dict[str, Any]:
    """Move one judgment between the standard (9%) and consumer (2%) rates, with a reason."""
    done = change_judgment_regime(
        conn, judgment_id, body.regime, reason=body.reason, actor=user.email
    )
    return _regime_out(done)
