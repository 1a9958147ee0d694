"""Response models shared by several routes: balance, score, actions, ledger, judgment detail."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from dragonfly.api.models import Money
from dragonfly.domain.counties import county_name
from dragonfly.domain.vocabulary import AssetKind, ContactKind, JudgmentStatus


class FromRow(BaseModel):
    """A response model the services fill with their row dataclasses (read by attribute)."""

    model_config = ConfigDict(from_attributes=True)


class PeriodOut(BaseModel):
    start: date
    end: date
    days: int
    rate: Decimal
    base: Money
    interest: Money


class BalanceOut(BaseModel):
    principal: Money
    interest: Money
    costs: Money
    paid: Money
    balance: Money
    overpaid: Money
    as_of: date
    periods: list[PeriodOut]


class ComponentOut(BaseModel):
    name: str
    points: int
    max: int
    reason: str


class ScoreOut(BaseModel):
    total: int
    tier: str
    version: str
    as_of: date
    components: list[ComponentOut]


class RecommendationOut(BaseModel):
    action: str | None
    reason: str


class DeadlineOut(BaseModel):
    name: str
    due_on: date
    days_left: int
    citation: str


class TransitionOut(FromRow):
    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    note: str


class ActionOut(FromRow):
    id: int
    judgment_id: int
    kind: str
    state: str
    allowed_transitions: list[str]
    third_party: str | None
    notes: str
    created_on: date
    issued_on: date | None
    served_on: date | None
    due_on: date | None
    returned_on: date | None
    leave_of_court: str | None
    history: list[TransitionOut]


class LedgerEntryOut(FromRow):
    id: int
    kind: str
    amount: Money
    effective_on: date
    memo: str
    reverses_id: int | None
    created_by: str
    created_at: datetime


class AcknowledgmentOut(FromRow):
    id: int
    acknowledged_on: date
    note: str
    created_by: str
    created_at: datetime


class TranscriptOut(FromRow):
    id: int
    county_code: str
    county_name: str
    docketed_on: date
    note: str
    created_by: str
    created_at: datetime


class LienOut(BaseModel):
    docketed_on: date | None = Field(
        description="The docketing the lien dates run from (CPLR 5203(a)); null: no lien on "
        "real property yet."
    )
    needs_transcript: bool = Field(
        description="A lower court's judgment (Civil, District, City, Town, Village): a lien "
        "only once a transcript is docketed with a county clerk (CPLR 5018(a))."
    )
    reason: str | None = Field(description="Why there is no lien yet, and the step that makes one.")
    transcripts: list[TranscriptOut]


class EnforceabilityOut(BaseModel):
    until: date = Field(description="From this day the judgment is treated as expired.")
    basis: str = Field(description="entry, payment or acknowledgment (in writing)")
    basis_on: date = Field(description="The day of the entry, payment or acknowledgment.")
    policy: str = Field(description="The rules table's judgment_enforceability_extension.")
    citation: str
    sentence: str = Field(description="What the judgment page says, e.g. 'Enforceable until ...'")


class AuditOut(FromRow):
    at: datetime
    actor: str
    action: str
    sentence: str = Field(description="The event in one sentence: who did what, and its effect.")
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class PartyRef(FromRow):
    id: int
    name: str


class DebtorRef(FromRow):
    id: int
    name: str | None
    kind: str
    address: str | None


class JudgmentOut(FromRow):
    id: int
    state: str
    court_code: str
    court_name: str
    county_code: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def county_name(self) -> str | None:
        """The county as people write it (`New York`, not `NEW_YORK`)."""
        return county_name(self.county_code)

    index_number: str
    index_number_norm: str
    entry_date: date
    principal: Money
    costs: Money
    interest_regime: str
    status: str
    case_title: str | None
    external_ref: str | None
    source: str | None
    import_batch_id: int | None
    balance: Money | None
    balance_as_of: date | None
    score: int | None
    tier: str | None
    score_version: str | None
    score_as_of: date | None
    overpaid: Money | None = Field(description="Stored: paid beyond the balance, owed back.")
    enforceable_until: date | None = Field(
        description="Stored: from this day the judgment is treated as expired (CPLR 211(b))."
    )
    last_action_at: datetime | None
    created_at: datetime
    updated_at: datetime
    plaintiff: PartyRef | None
    debtor: DebtorRef | None


class StandingOut(BaseModel):
    """Where a judgment stands (status, since when, why) and where a person may move it."""

    judgment_id: int
    status: JudgmentStatus
    status_on: date | None
    status_reason: str | None
    hold_until: date | None
    interest_stopped_on: date | None
    allowed_moves: list[JudgmentStatus]
    no_action_because: str | None
    balance: Money | None
    overpaid: Money | None = Field(description="Paid beyond the balance: owed back to the debtor.")
    score: int | None
    tier: str | None
    satisfaction_filed_on: date | None = Field(
        default=None, description="The day this satisfaction's satisfaction piece was filed."
    )


class DebtorAssetOut(BaseModel):
    """One fact about a debtor's assets, with where and when it was learned."""

    id: int
    debtor_id: int
    kind: AssetKind
    name: str | None
    address: str | None
    detail: str
    benefits_only: bool
    source: str
    learned_on: date
    recorded_by: str | None
    created_at: datetime
    retired_on: date | None
    retired_by: str | None
    retired_reason: str | None


class DebtorContactOut(BaseModel):
    """An address or phone of the debtor, with where and when it was learned."""

    id: int
    debtor_id: int
    kind: ContactKind
    value: str = Field(description="The address as typed, or the phone as (212) 555-0100.")
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    source: str
    learned_on: date
    recorded_by: str | None
    created_at: datetime
    replaces_id: int | None = Field(description="The fact this one corrected, if any.")
    retired_on: date | None
    retired_by: str | None
    retired_reason: str | None


class JudgmentDetail(BaseModel):
    judgment: JudgmentOut
    standing: StandingOut
    debtor_assets: list[DebtorAssetOut]
    debtor_contacts: list[DebtorContactOut]
    balance: BalanceOut
    refunded_to_debtor: Money = Field(
        description="Of the overpaid amount, what escrow has already paid back to the debtor."
    )
    score: ScoreOut
    next_best_action: RecommendationOut
    enforceability: EnforceabilityOut
    acknowledgments: list[AcknowledgmentOut]
    lien: LienOut
    owner: str | None = Field(description="The user the judgment is assigned to, if any.")
    deadlines: list[DeadlineOut]
    actions: list[ActionOut]
    ledger: list[LedgerEntryOut]
    audit: list[AuditOut]
