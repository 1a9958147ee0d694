"""The one place the release reads environment variables: the names come from release.toml.

Every value of a variable release.toml names is masked by value in everything the release
writes, whatever the variable is called (a /version URL can be as secret as a deploy hook).

The CLI passes `os.environ` in; tests pass a dict. Nothing else in the package reads the env.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
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


MIN_MASKED = 4  # shorter values would mask ordinary words; no real secret is this short
TOKEN_LENGTH = 8  # a query value or last path segment this long is treated as a token


def _url_forms(url: str) -> list[str]:
    """A URL as it may come back in a message: as given, without a trailing slash,
    percent-decoded, or normalised by httpx (which error messages quote)."""
    forms = [url, url.rstrip("/"), unquote(url)]
    with contextlib.suppress(httpx.InvalidURL, ValueError, TypeError):
        forms.append(str(httpx.URL(url)))
    return forms


def _database_parts(url: str) -> list[str]:
    """The password in a database URL or key=value connection string."""
    try:
        password = str(psycopg.conninfo.conninfo_to_dict(url).get("password") or "")
    except psycopg.Error:
        return []
    return [password, unquote(password)]


def _http_parts(url: str) -> list[str]:
    """The credentials, the query and its values, and a token-like last path segment."""
    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:
        return []
    pieces = [user or "", password or "", unquote(password or ""), parts.query]
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1]  # e.g. a Railway hook id, a Discord token
    # Token-like pieces only: masking a short value such as "true" would garble every message.
    tokens = [value for _, value in parse_qsl(parts.query)] + [tail]
    return pieces + [token for token in tokens if len(token) >= TOKEN_LENGTH]


def values_to_mask(value: str) -> list[str]:
    """The value itself and, when it is a URL, every form and part of it that must not show."""
    value = value.strip()
    if "://" not in value and "=" not in value:
        return [value]
    pieces = _url_forms(value)
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    pieces += _http_parts(value) if scheme in ("http", "https") else _database_parts(value)
    return pieces


def resolve_environment(config: ReleaseConfig, environ: Mapping[str, str]) -> ReleaseEnvironment:
    """Read every variable release.toml names; collect every value that must never be shown."""
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
    notifiers = [ResolvedNotifier(n, _value(environ, n.url_env)) for n in config.notify]
    # By value, whatever the variable is called: every variable release.toml names, plus any
    # named like a secret.
    masked = set(secret_values(environ))
    for name in config.secret_variables():
        if value := _value(environ, name):
            masked.update(values_to_mask(value))
    secrets = sorted((s for s in masked if len(s) >= MIN_MASKED), key=len, reverse=True)
    return ReleaseEnvironment(dev_url, prod_url, targets, notifiers, secrets, environ)
