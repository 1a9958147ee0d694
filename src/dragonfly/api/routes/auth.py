"""Sign in, sign out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, session_id_from
from dragonfly.services.accounts.sessions import (
    COOKIE_NAME,
    SESSION_LIFETIME,
    end_session,
    start_session,
)
from dragonfly.services.accounts.users import authenticate
from dragonfly.services.audit import record_audit

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class Credentials(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class UserOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: str


class LoginResult(BaseModel):
    user: UserOut


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", response_model=LoginResult, responses={401: {}, 429: {}})
def login(body: Credentials, request: Request, response: Response, conn: Conn) -> dict[str, Any]:
    """Check the password and set the signed, httpOnly, SameSite=Strict session cookie."""
    user = authenticate(conn, body.email, body.password, _client(request))
    session_id = start_session(conn, user)
    record_audit(conn, actor=user.email, action="auth.login", entity="user", entity_id=user.id)
    response.set_cookie(
        COOKIE_NAME,
        request.app.state.signer.sign(session_id),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.dragonfly_env == "production",
        path="/",
    )
    return {"user": user.public()}


@router.post("/logout", status_code=204, response_class=Response)
def logout(request: Request, user: CurrentUser, conn: Conn) -> Response:
    """End the session server-side: the cookie stops working even if someone kept a copy."""
    session_id = session_id_from(request)
    if session_id:
        end_session(conn, session_id)
        record_audit(conn, actor=user.email, action="auth.logout", entity="user", entity_id=user.id)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> dict[str, Any]:
    return user.public()
