"""The request id: set per request by the middleware, read by logs and error bodies."""

from __future__ import annotations

import json
import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dragonfly.core.request_id import current_request_id, reset_request_id, set_request_id

log = logging.getLogger("dragonfly.api")
access = logging.getLogger("dragonfly.api.access")
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Takes a sane incoming X-Request-ID or makes one, and echoes it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _ACCEPTABLE_ID.match(incoming) else secrets.token_hex(8)
        token = set_request_id(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        started = False
        status = 500
        began = time.perf_counter()

        async def send_tracking(message: Message) -> None:
            nonlocal started, status
            if message["type"] == "http.response.start":
                started, status = True, int(message["status"])
            await send_with_id(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            # An unexpected error: log it here, where the request id is known, and answer in
            # the one error shape instead of a bare text 500.
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self._send_internal_error(request_id, send_with_id)
        finally:
            elapsed = (time.perf_counter() - began) * 1000
            access.info("%s %s %s %.1fms", scope.get("method"), scope.get("path"), status, elapsed)
            reset_request_id(token)

    @staticmethod
    async def _send_internal_error(request_id: str, send: Send) -> None:
        message = (
            "Something went wrong on our side. The error was logged with request id "
            f"{request_id}; please quote it when reporting."
        )
        body = json.dumps(
            {
                "error": {
                    "code": "internal_error",
                    "message": message,
                    "details": {"request_id": request_id},
                }
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 500, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record so log lines can be matched to a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
