"""`dragonfly imports`: being built in this session; the owner of this module replaces this text."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
