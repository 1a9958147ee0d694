"""Record money against a judgment; the answer carries the new balance and score."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, Writer
from dragonfly.api.models import EntityId, MoneyIn
from dragonfly.api.schemas import BalanceOut, LedgerEntryOut, ScoreOut
from dragonfly.domain.vocabulary import LedgerKind
from dragonfly.services.judgments.detail import judgment_detail
from dragonfly.services.ledger import record_entry

router = APIRouter(prefix="/api/v1/judgments", tags=["ledger"])


class NewLedgerEntry(BaseModel):
    kind: LedgerKind
    amount: MoneyIn
    effective_on: date
    memo: Annotated[str, Field(max_length=500)] = ""
    reverses_id: Annotated[int, Field(ge=1, le=2**62)] | None = None
    confirm_duplicate: bool = Field(
        default=False,
        description="Record it even though the same amount is already recorded for the same day "
        "(otherwise 409 possible_duplicate).",
    )
    direct: bool = Field(
        default=False,
        description="A payment the debtor made directly to the client: it earns the fee, which "
        "is billed, and nothing reaches escrow (docs/CLIENT_MONEY.md).",
    )


class LedgerResult(BaseModel):
    entry: LedgerEntryOut
    balance: BalanceOut
    score: ScoreOut


@router.post(
    "/{judgment_id}/ledger",
    response_model=LedgerResult,
    status_code=201,
    responses={409: {"description": "The same amount is already recorded for that day"}},
)
def ledger_create(
    judgment_id: EntityId, body: NewLedgerEntry, user: Writer, conn: Conn
) -> dict[str, Any]:
    """Entries are never edited or deleted: correct a mistake with a reversing entry."""
    entry = record_entry(
        conn,
        judgment_id,
        kind=body.kind,
        amount=body.amount,
        effective_on=body.effective_on,
        memo=body.memo,
        reverses_id=body.reverses_id,
        actor=user.email,
        confirm_duplicate=body.confirm_duplicate,
        direct=body.direct,
    )
    detail = judgment_detail(conn, judgment_id)
    return {"entry": entry, "balance": detail["balance"], "score": detail["score"]}
