"""Job fixtures: the API fixtures, and a worker run in-process until the queue is empty."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from api.conftest import api_settings, client, password_hash, tokens  # noqa: F401  (fixtures)
from app_role_login import as_app
from dragonfly.jobs.app import worker_app
from dragonfly.migrate.job_schema import ensure_job_schema


@pytest.fixture(autouse=True)
def job_schema(db_url: str) -> None:
    """The job queue's tables, installed by the owner as `migrate apply` does: the app role the
    API runs as may not create them."""
    ensure_job_schema(db_url)


def run_queued_jobs(url: str) -> None:
    """What `dragonfly worker --once` does, as the app role: run every queued job, then return."""
    url = as_app(url)

    async def work() -> None:
        with worker_app(url) as app:
            async with app.open_async():
                await app.run_worker_async(
                    wait=False,
                    install_signal_handlers=False,
                    additional_context={"database_url": url},
                    listen_notify=False,
                )

    # A thread of its own: another fixture in this process (Playwright's sync API) may already
    # run an event loop here, and asyncio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work()).result()
