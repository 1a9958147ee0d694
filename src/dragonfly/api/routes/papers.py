"""Enforcement papers: make one for a judgment, list them, download a PDF; the firm profile."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.api.models import EntityId
from dragonfly.api.schemas import FromRow
from dragonfly.domain.vocabulary import PaperKind, UserRole
from dragonfly.errors import Forbidden
from dragonfly.papers import (
    FirmProfile,
    PaperDocument,
    document_pdf,
    firm_profile,
    list_documents,
    make_paper,
    save_firm_profile,
)
from dragonfly.papers.confirmations import Confirmation, confirmations_for
from dragonfly.services.accounts.users import User

router = APIRouter(prefix="/api/v1", tags=["papers"])


def require_profile_admin(user: CurrentUser) -> User:
    if user.role is not UserRole.ADMIN:
        raise Forbidden("Only admins change the firm profile.")
    return user


ProfileAdmin = Annotated[User, Depends(require_profile_admin)]


class ServedOut(BaseModel):
    how: str = Field(description="served or mailed")
    on: date
    by: str
    at: datetime


class PaperOut(FromRow):
    id: int
    judgment_id: int
    action_id: int | None
    kind: PaperKind
    version: int
    template_version: str
    as_of: date
    created_by: str
    created_at: datetime
    sha256: str
    pages: int
    size: int
    filename: str
    download: str
    served: ServedOut | None = Field(
        default=None, description="Who confirmed the paper was served or mailed, and the day."
    )


class NewPaper(BaseModel):
    kind: PaperKind


# Printable text: PostgreSQL cannot store a NUL, and no other control character belongs on paper
# (the signature block may hold line breaks).
PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Line = Annotated[str, Field(max_length=200, pattern=PRINTABLE)]


class FirmProfileIn(BaseModel):
    """Any subset of the fields; the others keep their value."""

    firm_name: Line | None = None
    attorney_name: Line | None = None
    street: Line | None = None
    city: Annotated[str, Field(max_length=100, pattern=PRINTABLE)] | None = None
    state: Annotated[str, Field(pattern=r"^([A-Za-z]{2})?$")] | None = None
    zip: Annotated[str, Field(pattern=r"^(\d{5}(-\d{4})?)?$")] | None = None
    phone: Annotated[str, Field(max_length=40, pattern=PRINTABLE)] | None = None
    email: Line | None = None
    signature_block: Annotated[str, Field(max_length=500, pattern=PRINTABLE)] | None = None


class FirmProfileOut(FromRow):
    firm_name: str
    attorney_name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    email: str
    signature_block: str
    updated_by: str | None
    updated_at: datetime | None
    missing: list[str]


def _out(document: PaperDocument) -> dict[str, Any]:
    view = {k: getattr(document, k) for k in PaperOut.model_fields if hasattr(document, k)}
    return {**view, "download": f"/api/v1/papers/{document.id}/pdf"}


def _profile_out(profile: FirmProfile) -> dict[str, Any]:
    return {**vars(profile), "missing": profile.missing()}


@router.post(
    "/judgments/{judgment_id}/papers",
    response_model=PaperOut,
    status_code=201,
    responses={409: {"description": "The paper cannot be made: the message names what is missing"}},
)
def papers_create(
    judgment_id: EntityId, body: NewPaper, user: Writer, conn: Conn, request: Request
) -> dict[str, Any]:
    """Make a paper as of today; it is recorded (a new version each time) and audited."""
    templates = request.app.state.settings.dragonfly_paper_templates
    document = make_paper(conn, body.kind, judgment_id, actor=user.email, templates=templates)
    return _out(document)


@router.get("/judgments/{judgment_id}/papers", response_model=list[PaperOut])
def papers_index(judgment_id: EntityId, user: CurrentUser, conn: Conn) -> list[dict[str, Any]]:
    """The judgment's papers, newest first, each with its served-or-mailed confirmation."""
    documents = list_documents(conn, judgment_id)
    served = confirmations_for(conn, [d.id for d in documents])
    return [_out(d) | {"served": _served(served.get(d.id))} for d in documents]


def _served(confirmation: Confirmation | None) -> dict[str, Any] | None:
    if confirmation is None:
        return None
    return {
        "how": confirmation.how.value,
        "on": confirmation.done_on,
        "by": confirmation.created_by,
        "at": confirmation.created_at,
    }


@router.get(
    "/papers/{document_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The paper as made"}},
)
def papers_download(document_id: EntityId, user: CurrentUser, conn: Conn) -> Response:
    document, pdf = document_pdf(conn, document_id)
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "X-Content-SHA256": document.sha256,
        },
    )


@router.get("/firm-profile", response_model=FirmProfileOut)
def firm_profile_show(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    return _profile_out(firm_profile(conn))


@router.put("/firm-profile", response_model=FirmProfileOut)
def firm_profile_update(body: FirmProfileIn, user: ProfileAdmin, conn: Conn) -> dict[str, Any]:
    """Admins set who signs the papers and where answers go; audited."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return _profile_out(save_firm_profile(conn, changes, actor=user.email))
