"""API tokens: each user lists, creates and revokes their own; an admin sees and revokes all."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, session_id_from
from dragonfly.api.models import EntityId
from dragonfly.domain.vocabulary import UserRole
from dragonfly.errors import Forbidden
from dragonfly.services.accounts.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    create_token,
    get_token,
    list_tokens,
    revoke_token,
)
from dragonfly.services.accounts.users import User

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


class TokenOut(BaseModel):
    id: int
    user_email: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime


class TokenList(BaseModel):
    items: list[TokenOut]
    total: int


class NewToken(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = DEFAULT_DAYS


class CreatedToken(TokenOut):
    token: str = Field(description="The token itself. Shown this once; only its hash is kept.")


def _owner_scope(user: User) -> User | None:
    return None if user.role is UserRole.ADMIN else user


@router.get("", response_model=TokenList)
def tokens_index(user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Your tokens (an admin sees everyone's), never the token values."""
    found = list_tokens(conn, owner=_owner_scope(user))
    return {"items": [vars(t) for t in found], "total": len(found)}


@router.post("", response_model=CreatedToken, status_code=201)
def tokens_create(
    body: NewToken, request: Request, user: CurrentUser, conn: Conn
) -> dict[str, Any]:
    """A token acting as you, with your role, for `days` days. Made from a signed-in session
    only: a token cannot mint others, so revoking a leaked one ends its access."""
    if session_id_from(request) is None:
        raise Forbidden("Create API tokens while signed in to the dashboard, not with a token.")
    token, plain = create_token(conn, user.id, body.name, actor=user.email, days=body.days)
    return {**vars(token), "token": plain}


@router.delete("/{token_id}", response_model=TokenOut)
def tokens_revoke(token_id: EntityId, user: CurrentUser, conn: Conn) -> dict[str, Any]:
    """Stop a token working at once, on every server. Yours, or anyone's for an admin."""
    get_token(conn, token_id, owner=_owner_scope(user))
    return vars(revoke_token(conn, token_id, actor=user.email))
