"""The OpenAPI spec and its browsable page, for signed-in users only; no CDN is involved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from dragonfly.api.dashboard_files import DASHBOARD_DIR
from dragonfly.api.deps import CurrentUser

router = APIRouter(prefix="/api", tags=["docs"])


@router.get("/openapi.json", include_in_schema=False)
def openapi_spec(request: Request, user: CurrentUser) -> dict[str, Any]:
    return request.app.openapi()  # type: ignore[no-any-return]


@router.get("/docs", include_in_schema=False, response_class=FileResponse)
def openapi_page(user: CurrentUser) -> FileResponse:
    """A page drawn in the browser from /api/openapi.json by the dashboard's own script."""
    return FileResponse(DASHBOARD_DIR / "api-docs.html", media_type="text/html")
