"""A request body limit on every route, enforced while the body arrives."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dragonfly.api.errors import error_response

UPLOAD_PATH = "/api/v1/imports"
# Routes taking a whole judgment file: the upload, and Intake's mapping preview of an Excel file.
FILE_PATHS = frozenset({UPLOAD_PATH, "/api/v1/import-sources/preview"})
# The upload's multipart framing (boundaries, part headers, the source field) on top of the file.
FORM_FRAMING_BYTES = 1_000_000


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"The request body is larger than the {limit:,}-byte limit for this route; "
            "send less (files go to POST /api/v1/imports).",
        )


class BodySizeLimitMiddleware:
    """Answers 413 when a body passes its route's limit: by Content-Length before reading, and
    by counting a chunked body's bytes as they arrive, so nothing large is ever held."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit + FORM_FRAMING_BYTES

    def _limit_for(self, scope: Scope) -> int:
        is_upload = scope["method"] == "POST" and scope["path"].rstrip("/") in FILE_PATHS
        return self.upload_limit if is_upload else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(limit, scope, receive, send)
            return
        received = 0
        started = exceeded = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if exceeded:  # the rest of the body is never read: end the connection
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        error = BodyTooLarge(limit)
        response = error_response(413, "request_entity_too_large", error.detail)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
