"""Shared request dependencies: a pooled connection and the signed-in user, by role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import psycopg
from fastapi import Depends, Request
from psycopg_pool import ConnectionPool, PoolTimeout

from dragonfly.api.security import CookieSigner
from dragonfly.domain.vocabulary import UserRole
from dragonfly.errors import DatabaseError, Forbidden, InputError, Unauthorized
from dragonfly.ingest.bulk import bulk_import_running
from dragonfly.services.accounts.sessions import COOKIE_NAME, user_for_session
from dragonfly.services.accounts.tokens import user_for_token
from dragonfly.services.accounts.users import User


def get_conn(request: Request) -> Iterator[psycopg.Connection]:
    """An autocommit connection from the pool; writes open their own transaction."""
    pool: ConnectionPool | None = getattr(request.app.state, "pool", None)
    if pool is None:
        raise DatabaseError("The API has no database pool; it was not started with its lifespan.")
    try:
        with pool.connection() as conn:
            yield conn
    except psycopg.errors.QueryCanceled as exc:
        seconds = request.app.state.settings.dragonfly_api_statement_timeout
        if _bulk_import_running(pool):
            raise DatabaseError(
                "A large import is being loaded (Intake shows how far it is), and this request "
                f"waited for it past the {seconds:g} s limit, so it was stopped: a change made "
                "with it (a payment, say) was not saved. Try again in a minute, once the import "
                "has finished."
            ) from exc
        raise DatabaseError(
            f"The query ran past the {seconds:g} s limit (DRAGONFLY_API_STATEMENT_TIMEOUT) and "
            "was stopped; narrow the filters or try again when the server is less busy."
        ) from exc
    except psycopg.OperationalError as exc:
        raise DatabaseError("The database is not reachable right now; try again shortly.") from exc


def _bulk_import_running(pool: ConnectionPool) -> bool:
    """Whether a bulk import is why a request waited; False when that cannot be told quickly."""
    try:
        with pool.connection(timeout=2) as conn:
            return bulk_import_running(conn)
    except (psycopg.Error, PoolTimeout):
        return False


Conn = Annotated[psycopg.Connection, Depends(get_conn)]


def refuse_nul_bytes(request: Request) -> None:
    """422 naming the query parameter that holds a NUL byte, which PostgreSQL text cannot store."""
    for name, value in request.query_params.multi_items():
        if "\x00" in value or "\x00" in name:
            field = f"query.{name.replace(chr(0), '')}"
            raise InputError.in_field(
                field,
                f"The request is invalid: {field}: contains a NUL byte (\\0); remove it.",
                "contains a NUL byte",
            )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def session_id_from(request: Request) -> str | None:
    cookie = request.cookies.get(COOKIE_NAME)
    signer: CookieSigner = request.app.state.signer
    return signer.unsign(cookie) if cookie else None


def current_user(request: Request, conn: Conn) -> User:
    """The user behind the session cookie or bearer token; 401 otherwise."""
    session_id = session_id_from(request)
    user = user_for_session(conn, session_id) if session_id else None
    token = _bearer(request) if user is None else None
    if token:
        user = user_for_token(conn, token)
    if user is None:
        raise Unauthorized(
            "Sign in first: send the session cookie or an Authorization: Bearer token."
        )
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_writer(user: CurrentUser) -> User:
    if not user.can_write:
        raise Forbidden("Your role (viewer) can read but not change anything; ask an admin.")
    return user


def require_admin(user: CurrentUser) -> User:
    if user.role is not UserRole.ADMIN:
        raise Forbidden("Only admins manage users.")
    return user


Writer = Annotated[User, Depends(require_writer)]
Admin = Annotated[User, Depends(require_admin)]
