"""What is known about a debtor: its assets and its contacts (addresses, phones); list, record,
correct (contacts) and retire facts, every write audited."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId
from dragonfly.api.schemas import DebtorAssetOut, DebtorContactOut
from dragonfly.domain.vocabulary import AssetKind, ContactKind
from dragonfly.services.debtor_contacts import (
    DebtorContact,
    NewContact,
    add_debtor_contact,
    correct_debtor_contact,
    debtor_contacts,
    retire_debtor_contact,
)
from dragonfly.services.debtor_facts import (
    DebtorAsset,
    NewAsset,
    add_debtor_asset,
    debtor_assets,
    retire_debtor_asset,
)

router = APIRouter(prefix="/api/v1/debtors", tags=["debtors"])

Source = Literal["subpoena_answer", "debtor", "public_record", "vendor", "other"]


class AssetIn(BaseModel):
    kind: AssetKind
    name: Annotated[str, Field(max_length=200)] = Field(
        default="", description="The bank, employer or payor; the county or make for others."
    )
    address: Annotated[str, Field(max_length=300)] = Field(
        default="", description="Where papers are served: a branch, a payroll office, a lot."
    )
    detail: Annotated[str, Field(max_length=1000)] = ""
    benefits_only: bool = Field(
        default=False, description="A bank account holding only exempt benefits (CPLR 5205(l))."
    )
    source: Source
    learned_on: date


class RetireIn(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.get("/{debtor_id}/assets", response_model=list[DebtorAssetOut])
def debtor_assets_index(debtor_id: EntityId, user: CurrentUser, conn: Conn) -> list[DebtorAsset]:
    return debtor_assets(conn, debtor_id)


@router.post("/{debtor_id}/assets", response_model=DebtorAssetOut, status_code=201)
def debtor_assets_create(
    debtor_id: EntityId, body: AssetIn, user: Writer, conn: Conn
) -> DebtorAsset:
    """Record a fact; every judgment against the debtor is revalued at once."""
    fact = NewAsset(
        kind=body.kind,
        name=body.name,
        address=body.address,
        detail=body.detail,
        benefits_only=body.benefits_only,
        source=body.source,
        learned_on=body.learned_on,
    )
    return add_debtor_asset(conn, debtor_id, fact, actor=user.email)


@router.post("/{debtor_id}/assets/{asset_id}/retire", response_model=DebtorAssetOut)
def debtor_assets_retire(
    debtor_id: EntityId, asset_id: EntityId, body: RetireIn, user: Writer, conn: Conn
) -> DebtorAsset:
    """A fact found no longer true stays on record, retired, and stops counting."""
    return retire_debtor_asset(conn, debtor_id, asset_id, reason=body.reason, actor=user.email)


class ContactIn(BaseModel):
    kind: ContactKind
    address: Annotated[str, Field(max_length=300)] = Field(
        default="", description="For an address: one line, e.g. '123 Main St, Brooklyn, NY 11201'."
    )
    phone: Annotated[str, Field(max_length=40)] = Field(
        default="",
        description="For a phone: a US number in any usual form; kept as (212) 555-0100.",
    )
    source: Source
    learned_on: date

    def fact(self) -> NewContact:
        return NewContact(self.kind, self.address, self.phone, self.source, self.learned_on)


class CorrectionIn(ContactIn):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.get("/{debtor_id}/contacts", response_model=list[DebtorContactOut])
def debtor_contacts_index(
    debtor_id: EntityId, user: CurrentUser, conn: Conn
) -> list[DebtorContact]:
    return debtor_contacts(conn, debtor_id)


@router.post("/{debtor_id}/contacts", response_model=DebtorContactOut, status_code=201)
def debtor_contacts_create(
    debtor_id: EntityId, body: ContactIn, user: Writer, conn: Conn
) -> DebtorContact:
    """Record an address or a phone. An address counts for the score's locatability when the
    debtor has none of its own; the debtor's judgments are revalued at once."""
    return add_debtor_contact(conn, debtor_id, body.fact(), actor=user.email)


@router.post(
    "/{debtor_id}/contacts/{contact_id}/correct",
    response_model=DebtorContactOut,
    status_code=201,
)
def debtor_contacts_correct(
    debtor_id: EntityId, contact_id: EntityId, body: CorrectionIn, user: Writer, conn: Conn
) -> DebtorContact:
    """Replace a contact recorded wrong: the old one is retired with the reason, the new one (the
    answer) names it in `replaces_id`."""
    return correct_debtor_contact(
        conn, debtor_id, contact_id, body.fact(), reason=body.reason, actor=user.email
    )


@router.post("/{debtor_id}/contacts/{contact_id}/retire", response_model=DebtorContactOut)
def debtor_contacts_retire(
    debtor_id: EntityId, contact_id: EntityId, body: RetireIn, user: Writer, conn: Conn
) -> DebtorContact:
    """A contact no longer good (moved away, disconnected) stays on record, retired."""
    return retire_debtor_contact(conn, debtor_id, contact_id, reason=body.reason, actor=user.email)
