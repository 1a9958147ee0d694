"""Mask secrets in anything about to leave the process: console, JSON, database, messages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from dragonfly.core.secrets import masked_logs as masked_logs_of
from dragonfly.core.secrets import redact

# The loggers a release writes through: its own, and httpx's (which logs every URL it calls).
RELEASE_LOGGERS = ("dragonfly.release", "httpx")


def redact_tree(value: Any, secrets: Iterable[str]) -> Any:
    """A copy of `value` (dicts, lists, strings) with every secret masked in every string."""
    secrets = list(secrets)
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: redact_tree(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_tree(v, secrets) for v in value]
    return value


@contextlib.contextmanager
def masked_logs(secrets: list[str]) -> Iterator[None]:
    """While active, every record the release or its HTTP client logs has the secrets masked."""
    with masked_logs_of(secrets, RELEASE_LOGGERS):
        yield
