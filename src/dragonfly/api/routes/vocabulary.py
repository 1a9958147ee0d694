"""The words and numbers the dashboard shows, from the one place the server keeps them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import CurrentUser
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.actions import CLOSED, OPEN
from dragonfly.domain.counties import COUNTIES
from dragonfly.domain.courts import KINDS
from dragonfly.domain.vocabulary import (
    PAPER_NAMES,
    ActionKind,
    ActionState,
    AssetKind,
    ContactKind,
    CostHandling,
    InterestRegime,
    JudgmentStatus,
    LedgerKind,
    PaperKind,
    PlaintiffStatus,
    RemittanceBasis,
    RemittanceCadence,
    UserRole,
)
from dragonfly.services.debtor_facts import SOURCES

router = APIRouter(prefix="/api/v1", tags=["vocabulary"])


class Vocabulary(BaseModel):
    today: date
    judgment_statuses: list[JudgmentStatus]
    plaintiff_statuses: list[PlaintiffStatus]
    action_kinds: list[ActionKind]
    action_states: list[ActionState]
    open_action_states: list[ActionState]
    closed_action_states: list[ActionState]
    roles: list[UserRole]
    ledger_kinds: list[LedgerKind]
    asset_kinds: list[AssetKind]
    paper_kinds: list[PaperKind]
    paper_names: dict[PaperKind, str] = Field(description="Paper kind -> what staff call it")
    contact_kinds: list[ContactKind]
    cost_handlings: list[CostHandling]
    remittance_bases: list[RemittanceBasis]
    remittance_cadences: list[RemittanceCadence]
    fact_sources: list[str]
    interest_rates_percent: dict[InterestRegime, Decimal]
    counties: list[str] = Field(description="New York's 62 counties as people write them")
    court_kinds: dict[str, str] = Field(description="Court kind code -> its name")


@router.get("/vocabulary", response_model=Vocabulary, summary="States, kinds, roles, rates, today")
def vocabulary(user: CurrentUser) -> Vocabulary:
    """Everything the dashboard needs to name states and kinds, and the business date."""
    rules = rules_in_force()
    return Vocabulary(
        today=today_in_new_york(),
        judgment_statuses=list(JudgmentStatus),
        plaintiff_statuses=list(PlaintiffStatus),
        action_kinds=list(ActionKind),
        action_states=list(ActionState),
        open_action_states=[s for s in ActionState if s in OPEN],
        closed_action_states=[s for s in ActionState if s in CLOSED],
        roles=list(UserRole),
        ledger_kinds=list(LedgerKind),
        asset_kinds=list(AssetKind),
        paper_kinds=list(PaperKind),
        paper_names=PAPER_NAMES,
        contact_kinds=list(ContactKind),
        cost_handlings=list(CostHandling),
        remittance_bases=list(RemittanceBasis),
        remittance_cadences=list(RemittanceCadence),
        fact_sources=list(SOURCES),
        interest_rates_percent={
            InterestRegime.STANDARD: rules.standard_rate,
            InterestRegime.CONSUMER: rules.consumer_rate,
        },
        counties=sorted(COUNTIES),
        court_kinds={code: name for code, name in KINDS.items() if code != "UNK"},
    )
