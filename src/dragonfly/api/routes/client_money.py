"""Client money: clients and what is owed them, agreements, statements, closing a month, the
escrow account's disbursements and reconciliations. Admins set terms, close months and pay out;
ops and admins reconcile (payments themselves are recorded on the ledger route); viewers read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from dragonfly.api.deps import Admin, Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId, MoneyIn, PositiveMoneyIn
from dragonfly.api.schemas import FromRow
from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.client_money import FeeBand, Terms
from dragonfly.domain.vocabulary import (
    CostHandling,
    FeeBandBasis,
    RemittanceBasis,
    RemittanceCadence,
    TrustParty,
)
from dragonfly.papers.statements import statement_pdf
from dragonfly.services.money.agreements import list_agreements, set_agreement
from dragonfly.services.money.clients import client_money
from dragonfly.services.money.closing import close_period, parse_period
from dragonfly.services.money.periods import last_closed_period
from dragonfly.services.money.reconciliation import reconcile
from dragonfly.services.money.statements import statement, statement_csv
from dragonfly.services.money.trust import disburse

router = APIRouter(prefix="/api/v1", tags=["client money"])
Period = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="A month, YYYY-MM.")]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class ClientOut(FromRow):
    plaintiff_id: int
    client: str
    fee_percent: Decimal | None
    band_basis: str | None
    cost_handling: str | None
    remittance: str | None
    cadence: str | None
    terms_since: date | None
    owed_to_client: Decimal
    owed_to_firm: Decimal
    owed_to_debtors: Decimal
    collected: Decimal
    fees: Decimal
    collected_this_period: Decimal


class ClientsOut(BaseModel):
    period: str
    closed_through: str | None
    clients: list[ClientOut]


class BandIn(BaseModel):
    up_to: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None = None
    percent: Percent


class AgreementIn(BaseModel):
    effective_on: date
    fee_percent: Percent
    cost_handling: CostHandling = CostHandling.ABSORBED
    remittance: RemittanceBasis = RemittanceBasis.NET
    cadence: RemittanceCadence = RemittanceCadence.MONTHLY
    band_basis: FeeBandBasis | None = None
    bands: Annotated[list[BandIn], Field(max_length=10)] = []


class AgreementOut(FromRow):
    id: int
    plaintiff_id: int
    plaintiff: str
    effective_on: date
    fee_percent: Decimal
    band_basis: str | None
    fee_bands: list[dict[str, Any]]
    cost_handling: str
    remittance: str
    cadence: str
    created_by: str
    created_at: datetime


class LineOut(FromRow):
    ledger_entry_id: int
    effective_on: date
    judgment_id: int
    index_number: str
    court: str
    amount: Decimal
    fee_percent: Decimal
    client_share: Decimal
    fee: Decimal
    cost_recovered: Decimal
    debtor_refund: Decimal
    billed: Decimal
    direct: bool
    reversal: bool


class TotalsOut(FromRow):
    plaintiff_id: int | None
    payments: Decimal
    client_share: Decimal
    fees: Decimal
    costs_recovered: Decimal
    debtor_refunds: Decimal
    billed: Decimal
    remitted: Decimal
    paid_to_firm: Decimal
    carried_forward: Decimal


class StatementOut(FromRow):
    plaintiff_id: int | None
    client: str
    period: date
    closed: bool
    lines: list[LineOut]
    totals: TotalsOut


class CloseOut(BaseModel):
    period: str
    statements: list[TotalsOut]


class DisbursementIn(BaseModel):
    to: TrustParty
    amount: PositiveMoneyIn
    effective_on: date
    memo: Annotated[str, Field(max_length=200)] = ""
    judgment_id: Annotated[int, Field(ge=1, le=2**62)] | None = Field(
        None, description="A refund (to: debtor): the judgment the debtor overpaid. Required then."
    )


class TrustEntryOut(FromRow):
    id: int
    plaintiff_id: int | None
    party: str
    kind: str
    amount: Decimal
    effective_on: date
    period: date
    memo: str
    created_by: str
    judgment_id: int | None


class ReconcileIn(BaseModel):
    bank_balance: MoneyIn
    as_of: date


class ReconciliationOut(BaseModel):
    as_of: date
    bank_balance: Decimal
    book_balance: Decimal
    client_ledgers: Decimal
    balanced: bool
    differences: list[dict[str, str]]


@router.get("/clients/money", response_model=ClientsOut)
def clients_index(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Each client with terms or money: terms in force, what escrow holds, fees earned."""
    today = today_in_new_york()
    closed = last_closed_period(conn)
    return {
        "period": f"{today:%Y-%m}",
        "closed_through": f"{closed:%Y-%m}" if closed else None,
        "clients": client_money(conn, today),
    }


@router.get("/clients/agreements", response_model=list[AgreementOut])
def agreements_index(
    user: CurrentUser,
    conn: Conn,
    plaintiff_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Any:
    return list_agreements(conn, plaintiff_id)


@router.post("/clients/{plaintiff_id}/agreements", response_model=AgreementOut, status_code=201)
def agreements_create(plaintiff_id: EntityId, body: AgreementIn, user: Admin, conn: Conn) -> Any:
    """New terms from a date (admins only); refused for a date in a closed month or before
    payments already split."""
    terms = Terms(
        fee_percent=body.fee_percent,
        cost_handling=body.cost_handling,
        remittance=body.remittance,
        cadence=body.cadence,
        band_basis=body.band_basis,
        bands=tuple(FeeBand(b.up_to, b.percent) for b in body.bands),
    )
    return set_agreement(conn, plaintiff_id, terms, body.effective_on, user.email)


@router.get("/clients/{plaintiff_id}/statements/{period}", response_model=StatementOut)
def statement_show(plaintiff_id: EntityId, period: Period, user: CurrentUser, conn: Conn) -> Any:
    return statement(conn, plaintiff_id, parse_period(period))


def _download(content: bytes | str, media_type: str, filename: str) -> Response:
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/clients/{plaintiff_id}/statements/{period}/csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The statement as CSV"}},
)
def statement_csv_download(
    plaintiff_id: EntityId, period: Period, user: CurrentUser, conn: Conn
) -> Response:
    text = statement_csv(statement(conn, plaintiff_id, parse_period(period)))
    return _download(text, "text/csv", f"statement-{plaintiff_id}-{period}.csv")


@router.get(
    "/clients/{plaintiff_id}/statements/{period}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The statement as PDF"}},
)
def statement_pdf_download(
    plaintiff_id: EntityId, period: Period, request: Request, user: CurrentUser, conn: Conn
) -> Response:
    pdf = statement_pdf(conn, plaintiff_id, parse_period(period), request.app.state.settings)
    return _download(pdf, "application/pdf", f"statement-{plaintiff_id}-{period}.pdf")


@router.post("/remittances/{period}/close", response_model=CloseOut, status_code=201)
def remittances_close(period: Period, user: Admin, conn: Conn) -> dict[str, Any]:
    """Close a month (admins only): remit, fix each statement. Closing twice answers 409."""
    return {"period": period, "statements": close_period(conn, parse_period(period), user.email)}


@router.post("/clients/{plaintiff_id}/disbursements", response_model=TrustEntryOut, status_code=201)
def disbursements_create(
    plaintiff_id: EntityId, body: DisbursementIn, user: Admin, conn: Conn
) -> Any:
    """Pay out of escrow (admins only): never more than it holds for that client and party; a
    refund to a debtor names the judgment, and never more than is held for it."""
    return disburse(
        conn, plaintiff_id, body.to, body.amount, body.effective_on, body.memo, user.email,
        judgment_id=body.judgment_id,
    )  # fmt: skip


@router.post("/trust/reconciliations", response_model=ReconciliationOut, status_code=201)
def reconciliations_create(body: ReconcileIn, user: Writer, conn: Conn) -> dict[str, Any]:
    """Three-way reconciliation against the bank statement's balance; kept on record."""
    result = reconcile(conn, body.bank_balance, body.as_of, user.email)
    return {
        "as_of": result.as_of,
        "bank_balance": result.bank_balance,
        "book_balance": result.book_balance,
        "client_ledgers": result.client_ledgers,
        "balanced": result.balanced,
        "differences": result.differences,
    }
