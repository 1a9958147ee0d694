"""HTTP errors and the one JSON error shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from dragonfly.core.request_id import current_request_id
from dragonfly.errors import (
    Conflict,
    DatabaseError,
    DragonflyError,
    Forbidden,
    InputError,
    NotFound,
    Throttled,
    Unauthorized,
)

# Each kind of failure and its HTTP status, most specific first; anything else answers 400.
STATUS_OF_ERROR: tuple[tuple[type[DragonflyError], int], ...] = (
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Throttled, 429),
    (InputError, 422),
    (DatabaseError, 503),
)


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any]


class ErrorBody(BaseModel):
    """The one error shape every failure answers with."""

    error: ErrorDetail


# Documented on every route, so clients (and schemathesis) know the shape of each failure.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "The body could not be read (not JSON, not form data)"),
        (401, "Not signed in"),
        (403, "Your role may not do this"),
        (404, "No such record"),
        (409, "Conflicts with the record's state"),
        (422, "The request is invalid"),
        (413, "The request body is too large"),
        (429, "Too many failed sign-ins, or too many exports at once"),
        (503, "The database is unavailable"),
    )
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    headers = {"X-Request-ID": current_request_id()}
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _status_of(exc: DragonflyError) -> int:
    return next((status for kind, status in STATUS_OF_ERROR if isinstance(exc, kind)), 400)


async def _on_dragonfly_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DragonflyError)
    response = error_response(_status_of(exc), exc.code, exc.message, exc.details)
    if isinstance(exc, Throttled):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    message = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    if exc.status_code == 404 and message is None:
        message = f"Nothing is served at {request.url.path}."
    if exc.status_code == 405 and message is None:
        message = f"{request.method} is not allowed on {request.url.path}."
    response = error_response(exc.status_code, code, message or phrase)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def _readable_location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body",)) or "body"


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": _readable_location(err.get("loc", ())), "message": str(err.get("msg", ""))}
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"field": "request", "message": "is invalid"}
    message = f"The request is invalid: {first['field']}: {first['message']}."
    return error_response(422, "validation_error", message, {"errors": problems})


def install_error_handlers(app: FastAPI) -> None:
    """Expected errors leave in the one shape; RequestIdMiddleware answers unexpected ones."""
    app.add_exception_handler(DragonflyError, _on_dragonfly_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
