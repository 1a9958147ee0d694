"""The balance calculator and the rules table behind it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import CurrentUser
from dragonfly.api.models import PositiveMoneyIn
from dragonfly.api.schemas import BalanceOut
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.interest import LedgerItem, compute_balance
from dragonfly.domain.money import MAX_AMOUNT
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind

router = APIRouter(prefix="/api/v1", tags=["calculator"])


class Dated(BaseModel):
    on: date
    amount: PositiveMoneyIn


class BalanceQuestion(BaseModel):
    principal: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, le=MAX_AMOUNT)]
    entered: date
    consumer: bool = False
    payments: Annotated[list[Dated], Field(max_length=1000)] = []
    costs: Annotated[list[Dated], Field(max_length=1000)] = []
    as_of: date


class RuleOut(BaseModel):
    name: str
    value: str
    unit: str
    effective_from: date
    citation: str
    kind: Literal["law", "policy"]


class RulesOut(BaseModel):
    rules: list[RuleOut]


@router.post("/balance", response_model=BalanceOut)
def balance_calculate(body: BalanceQuestion, user: CurrentUser) -> dict[str, Any]:
    """What a judgment is worth on `as_of`, with the interest periods that make it up."""
    ledger = [LedgerItem(LedgerKind.PAYMENT, p.amount, p.on) for p in body.payments]
    ledger += [LedgerItem(LedgerKind.COST, c.amount, c.on) for c in body.costs]
    regime = InterestRegime.CONSUMER if body.consumer else InterestRegime.STANDARD
    result = compute_balance(
        body.principal, body.entered, regime, ledger, body.as_of, rules_in_force()
    )
    return asdict(result)


@router.get("/rules", response_model=RulesOut)
def rules_index(user: CurrentUser) -> dict[str, Any]:
    rules = [{**r.model_dump(), "value": str(r.value)} for r in rules_in_force()]
    return {"rules": rules}
