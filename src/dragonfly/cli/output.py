"""All CLI output goes through here: Rich for people, JSON for scripts, one path for errors."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
error_console = Console(stderr=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(payload: Any) -> str:
    """JSON text for scripts: Decimals as strings so no cent is lost."""
    return json.dumps(payload, default=_jsonable, indent=2, ensure_ascii=False)


def emit_json(payload: Any) -> None:
    sys.stdout.write(to_json(payload) + "\n")


def fail(
    message: str, exit_code: int = 1, *, as_json: bool = False, code: str = "error"
) -> NoReturn:
    """Print one error (never a traceback) and exit with `exit_code`."""
    if as_json:
        emit_json({"error": {"code": code, "message": message}})
    else:
        error_console.print(
            f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True
        )
    raise typer.Exit(exit_code)
