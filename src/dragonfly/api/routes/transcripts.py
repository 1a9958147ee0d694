"""Transcripts of judgment docketed with a county clerk (CPLR 5018(a)): a lower court's judgment
becomes a lien on real property in that county, and the lien dates run from the docketing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, Writer
from dragonfly.api.models import EntityId
from dragonfly.api.schemas import DeadlineOut, LienOut, TranscriptOut
from dragonfly.services.judgments.detail import judgment_detail
from dragonfly.services.transcripts import record_transcript

router = APIRouter(prefix="/api/v1/judgments", tags=["judgments"])


class TranscriptIn(BaseModel):
    county: Annotated[str, Field(min_length=1, max_length=60)] = Field(
        description="The New York county whose clerk docketed the transcript, e.g. Kings or "
        "KINGS; one transcript per county."
    )
    docketed_on: date = Field(
        description="The day the county clerk docketed it: on or after the entry date, not in "
        "the future."
    )
    note: Annotated[str, Field(max_length=1000)] = Field(
        default="", description="e.g. the clerk's docket number."
    )


class TranscriptResult(BaseModel):
    transcript: TranscriptOut
    lien: LienOut
    deadlines: list[DeadlineOut]


@router.post(
    "/{judgment_id}/transcripts",
    response_model=TranscriptResult,
    status_code=201,
    responses={409: {"description": "A transcript is already docketed in that county"}},
)
def transcripts_create(
    judgment_id: EntityId, body: TranscriptIn, user: Writer, conn: Conn
) -> dict[str, Any]:
    """Record a transcript docketed with a county clerk; audited. The answer carries the lien
    the judgment now has and its dates."""
    made = record_transcript(
        conn,
        judgment_id,
        county=body.county,
        docketed_on=body.docketed_on,
        note=body.note,
        actor=user.email,
    )
    detail = judgment_detail(conn, judgment_id)
    return {"transcript": made, "lien": detail["lien"], "deadlines": detail["deadlines"]}
