"""Written acknowledgments of a judgment debt (CPLR 211(b)): ledger-free events that may extend
how long the judgment is enforceable."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, Writer
from dragonfly.api.models import EntityId
from dragonfly.api.schemas import AcknowledgmentOut, EnforceabilityOut
from dragonfly.services.acknowledgments import record_acknowledgment
from dragonfly.services.judgments.detail import judgment_detail

router = APIRouter(prefix="/api/v1/judgments", tags=["judgments"])


class AcknowledgmentIn(BaseModel):
    acknowledged_on: date = Field(
        description="The date of the debtor's written acknowledgment: on or after the entry "
        "date, not in the future."
    )
    note: Annotated[str, Field(max_length=1000)] = Field(
        default="", description="What the writing is, e.g. 'signed payment plan letter'."
    )


class AcknowledgmentResult(BaseModel):
    acknowledgment: AcknowledgmentOut
    enforceability: EnforceabilityOut


@router.post("/{judgment_id}/acknowledgments", response_model=AcknowledgmentResult, status_code=201)
def acknowledgments_create(
    judgment_id: EntityId, body: AcknowledgmentIn, user: Writer, conn: Conn
) -> dict[str, Any]:
    """Record that the debtor acknowledged the debt in writing; audited. The answer carries the
    judgment's enforceable-until date and its basis, which may have moved."""
    made = record_acknowledgment(
        conn,
        judgment_id,
        acknowledged_on=body.acknowledged_on,
        note=body.note,
        actor=user.email,
    )
    detail = judgment_detail(conn, judgment_id)
    return {"acknowledgment": made, "enforceability": detail["enforceability"]}
