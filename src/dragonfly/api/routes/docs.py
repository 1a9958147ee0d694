"""The OpenAPI spec and its browsable page, for signed-in users only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from dragonfly.api.deps import CurrentUser

router = APIRouter(prefix="/api", tags=["docs"])


@router.get("/openapi.json", include_in_schema=False)
def openapi_spec(request: Request, user: CurrentUser) -> dict[str, Any]:
    return request.app.openapi()  # type: ignore[no-any-return]


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def openapi_page(user: CurrentUser) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/api/openapi.json", title="Dragonfly API")
