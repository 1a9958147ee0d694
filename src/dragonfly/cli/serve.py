"""`dragonfly serve` (API + dashboard) and `dragonfly worker` (background jobs)."""

from __future__ import annotations

import signal

import typer

from dragonfly.cli.output import console, error_console
from dragonfly.cli.worker_supervisor import SupervisedWorker
from dragonfly.core.config import get_settings
from dragonfly.core.database import resolve_database_url, resolve_migration_url

EXIT_CODES = (
    "Exit codes: 0 stopped cleanly; 2 bad setting (e.g. no secret key in production); "
    "3 database unreachable."
)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("serve", help="Run the API and the dashboard on one origin.\n\n" + EXIT_CODES)(
        serve
    )
    app.command(
        "worker", help="Run background jobs: imports, daily rescore, deadlines.\n\n" + EXIT_CODES
    )(worker)


def _prepare() -> str:
    """Checks that fail fast with a clear message, before any server process starts."""
    from dragonfly.api.readiness import app_role_warning, check_schema_now
    from dragonfly.api.security import resolve_secret_key
    from dragonfly.migrate.job_schema import ensure_job_schema

    settings = get_settings()
    resolve_secret_key(settings)
    url = resolve_database_url(settings)
    ensure_job_schema(resolve_migration_url(settings))
    problem = check_schema_now(url)
    if problem:
        error_console.print(
            f"[yellow]Warning:[/] {problem}; /readyz answers 503 until "
            "`dragonfly migrate apply` runs.",
            highlight=False,
        )
    role_warning = app_role_warning(url)
    if role_warning:
        error_console.print(f"[yellow]Warning:[/] {role_warning}.", highlight=False)
    return url


class _StopRequested(Exception):
    """SIGTERM, turned into an exception so that `serve` stops its worker before exiting."""


def _raise_stop_requested(signum: int, frame: object) -> None:
    raise _StopRequested


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes."),
    with_worker: bool = typer.Option(
        False, "--with-worker", help="Also run a background-job worker process."
    ),
) -> None:
    """Serve /api, /health, /readyz, /version and the dashboard at /."""
    import uvicorn

    _prepare()
    trusted_proxies = get_settings().dragonfly_trusted_proxies.strip()
    helper = SupervisedWorker() if with_worker else None
    console.print(
        f"Dragonfly on http://{host}:{port} ({workers} process"
        f"{'es' if workers > 1 else ''}{', with a job worker' if helper else ''})."
    )
    # uvicorn shuts down on SIGTERM, then raises the signal again; with Python's default action
    # that would end this process before it could stop the worker.
    signal.signal(signal.SIGTERM, _raise_stop_requested)
    try:
        uvicorn.run(
            "dragonfly.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_level="info",
            server_header=False,
            # X-Forwarded-For is believed only from the proxies named in the settings.
            proxy_headers=bool(trusted_proxies),
            forwarded_allow_ips=trusted_proxies or None,
        )
    except (_StopRequested, KeyboardInterrupt):
        pass
    finally:
        if helper is not None:
            helper.stop()


def worker(
    concurrency: int = typer.Option(
        2, "--concurrency", min=1, max=32, help="Jobs run at the same time by this process."
    ),
    once: bool = typer.Option(False, "--once", help="Run what is queued now, then exit."),
) -> None:
    """Run procrastinate workers against the configured database."""
    from dragonfly.jobs.worker import WorkerOptions, run_worker
    from dragonfly.migrate.job_schema import ensure_job_schema

    settings = get_settings()
    url = resolve_database_url(settings)
    ensure_job_schema(resolve_migration_url(settings))
    console.print(
        "Dragonfly worker started; Ctrl+C stops it after the running jobs finish. "
        "It reconnects by itself when the database goes away and comes back."
    )
    options = WorkerOptions(
        url=url,
        concurrency=concurrency,
        once=once,
        stalled_after=settings.dragonfly_worker_stalled_after,
    )
    run_worker(options)
