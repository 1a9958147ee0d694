"""Cookie-authenticated writes must come from the dashboard's own origin (CSRF)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from dragonfly.api.errors import error_response
from dragonfly.services.accounts.sessions import COOKIE_NAME

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSAL = (
    "This change came from another site ({origin}) with your session cookie and was refused; "
    "make it from the Dragonfly dashboard itself, or use an API token."
)


def _foreign_origin(headers: Headers) -> str | None:
    """The other site a browser says the request came from, or None when it is this one."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return headers.get("origin") or f"a {fetch_site} page"
    origin = headers.get("origin")
    if origin is None:
        return None  # not sent by a browser, or a browser old enough to send neither header
    if origin == "null" or urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
        return origin
    return None


class OriginCheckMiddleware:
    """Refuses (403) an unsafe request carrying the session cookie from a foreign origin.

    SameSite=Strict stops other sites, but not a sibling subdomain (same site); browsers send
    Origin and Sec-Fetch-Site on such writes. Bearer-token requests carry no ambient credential
    and pass unchecked.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = Headers(scope=scope)
            has_cookie = f"{COOKIE_NAME}=" in headers.get("cookie", "")
            if has_cookie and "authorization" not in headers:
                foreign = _foreign_origin(headers)
                if foreign is not None:
                    response = error_response(
                        403, "cross_origin_refused", REFUSAL.format(origin=foreign)
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
