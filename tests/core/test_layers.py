"""The API is HTTP only: no SQL is run from src/dragonfly/api (the services own their SQL)."""

from __future__ import annotations

import ast
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "src" / "dragonfly" / "api"
DRIVER_CALLS = {"execute", "executemany", "copy", "fetchone", "fetchall"}


def _driver_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in DRIVER_CALLS
        ):
            found.append(f"{path.relative_to(API.parent)}:{node.lineno} .{node.func.attr}()")
    return found


def test_the_api_package_runs_no_sql() -> None:
    calls = [call for path in sorted(API.rglob("*.py")) for call in _driver_calls(path)]
    assert calls == [], "SQL belongs in a service module, not in the API:\n" + "\n".join(calls)
