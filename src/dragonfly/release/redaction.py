"""Mask secrets in anything about to leave the process: console, JSON, database, messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dragonfly.core.secrets import redact


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
