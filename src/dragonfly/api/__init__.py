"""The JSON API (FastAPI) and the accounts behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dragonfly.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: CLI commands that only need accounts or tokens skip FastAPI's import.
    if name == "create_app":
        from dragonfly.api.app import create_app

        return create_app
    raise AttributeError(name)
