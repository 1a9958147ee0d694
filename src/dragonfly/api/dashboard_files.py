"""The dashboard's static files, served on the same origin at `/`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DASHBOARD_DIR = Path(__file__).resolve().parents[1] / "dashboard"
NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Dragonfly</title></head><body>
<h1>Dragonfly</h1><p>The dashboard is not built into this copy yet. The API is running:
see <a href="/health">/health</a> and <a href="/version">/version</a>.</p></body></html>"""


def mount_dashboard(app: FastAPI, directory: Path = DASHBOARD_DIR) -> None:
    """Mount the SPA when its index.html exists; otherwise a plain page says it is not built."""
    if (directory / "index.html").is_file():
        app.mount("/", StaticFiles(directory=directory, html=True), name="dashboard")
        return

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def dashboard_not_built() -> str:
        return NOT_BUILT
