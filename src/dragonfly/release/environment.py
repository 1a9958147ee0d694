"""The one place the release reads environment variables: the names come from release.toml.

The CLI passes `os.environ` in; tests pass a dict. Nothing else in the package reads the env.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg

from dragonfly.core.secrets import secret_values
from dragonfly.release.config import NotifierConfig, ReleaseConfig, TargetConfig


@dataclass(frozen=True)
class ResolvedTarget:
    config: TargetConfig
    url: str | None  # the hook URL; None when its variable is unset (the target is skipped)
    verify_url: str | None


@dataclass(frozen=True)
class ResolvedNotifier:
    config: NotifierConfig
    url: str | None


@dataclass(frozen=True)
class ReleaseEnvironment:
    """Values read from the environment for one run, plus everything that must be masked."""

    dev_url: str | None
    prod_url: str | None
    targets: list[ResolvedTarget]
    notifiers: list[ResolvedNotifier]
    secrets: list[str]
    environ: Mapping[str, str] = field(repr=False)


def _value(environ: Mapping[str, str], name: str | None) -> str | None:
    if not name:
        return None
    value = environ.get(name, "").strip()
    return value or None


def _database_password(url: str) -> str:
    """The password in a database URL or key=value connection string."""
    try:
        return str(psycopg.conninfo.conninfo_to_dict(url).get("password") or "")
    except psycopg.Error:
        return ""


def _url_parts_to_mask(url: str, *, hook: bool) -> list[str]:
    """The URL, its password, and for hooks its query and last path segment (the token)."""
    if not hook:
        return [p for p in (url, _database_password(url)) if len(p) >= 4]
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return [url]
    pieces = [url, password or ""]
    if hook:
        pieces.append(parts.query)
        tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if len(tail) >= 8:  # a token-like segment, e.g. a Railway or Vercel hook id
            pieces.append(tail)
    return [p for p in pieces if len(p) >= 4]


def resolve_environment(config: ReleaseConfig, environ: Mapping[str, str]) -> ReleaseEnvironment:
    """Read every variable release.toml names; collect every value that must never be shown."""
    hook_urls: list[str] = []
    dev_url = _value(environ, config.databases.dev_url_env)
    prod_url = _value(environ, config.databases.prod_url_env)
    targets = []
    for target in config.deploy:
        url = _value(environ, target.url_env)
        verify = target.verify
        verify_url = None
        if verify is not None:
            verify_url = verify.url or _value(environ, verify.url_env)
        targets.append(ResolvedTarget(target, url, verify_url))
        hook_urls.append(url or "")
    notifiers = [ResolvedNotifier(n, _value(environ, n.url_env)) for n in config.notify]
    hook_urls += [n.url or "" for n in notifiers]
    masked = set(secret_values(environ))
    for url in filter(None, hook_urls):
        masked.update(_url_parts_to_mask(url, hook=True))
    for url in filter(None, [dev_url, prod_url]):
        masked.update(_url_parts_to_mask(url, hook=False))
    secrets = sorted((s for s in masked if len(s) >= 4), key=len, reverse=True)
    return ReleaseEnvironment(dev_url, prod_url, targets, notifiers, secrets, environ)
