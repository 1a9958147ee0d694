"""Preflight: settings present, database URLs parse, both databases answer, migrations clean.

Read-only: a failed preflight means nothing was changed anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg

from dragonfly.errors import DragonflyError
from dragonfly.release.config import ReleaseConfig
from dragonfly.release.environment import ReleaseEnvironment
from dragonfly.release.migrations import check_pending


@dataclass
class PreflightResult:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.problems:
            return "; ".join(self.problems)
        count = len(self.pending)
        return "; ".join([f"{count} migration(s) pending", *self.notes])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _database_problem(label: str, variable: str, url: str | None) -> str | None:
    if url is None:
        return f"{variable} is not set (the {label} database URL)"
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error as exc:
        return f"{variable} is not a valid database URL: {_first_line(exc)}"
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        return f"the {label} database ({variable}) did not answer: {_first_line(exc)}"
    return None


def run_preflight(config: ReleaseConfig, env: ReleaseEnvironment) -> PreflightResult:
    """Every check, so one run reports every problem at once."""
    result = PreflightResult()
    names = config.databases
    for label, variable, url in (
        ("dev", names.dev_url_env, env.dev_url),
        ("production", names.prod_url_env, env.prod_url),
    ):
        problem = _database_problem(label, variable, url)
        if problem:
            result.problems.append(problem)
    directory = config.migrations_dir()
    if not directory.is_dir():
        result.problems.append(f"the migrations folder {config.migrations.directory} is missing")
    elif env.prod_url is not None and not result.problems:
        try:
            check = check_pending(env.prod_url, directory)
        except DragonflyError as exc:
            result.problems.append(f"migrations could not be checked: {exc.message}")
        else:
            result.pending = check.pending
            result.problems += check.problems
    result.problems += _malformed_urls(env)
    for target in env.targets:
        if target.url is None and target.config.kind == "webhook":
            result.notes.append(f"{target.config.url_env} unset: {target.config.title} skipped")
    return result


def _malformed_urls(env: ReleaseEnvironment) -> list[str]:
    """Hook, verification and notifier URLs that are set but are not http(s) URLs."""
    named: list[tuple[str, str | None]] = []
    for target in env.targets:
        named.append((target.config.url_env or target.config.name, target.url))
        if target.config.verify is not None:
            label = target.config.verify.url_env or f"{target.config.name} verify url"
            named.append((label, target.verify_url))
    named += [(n.config.url_env, n.url) for n in env.notifiers]
    return [
        f"{label} is not an http(s) URL"
        for label, url in named
        if url is not None and not _is_http_url(url)
    ]


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
