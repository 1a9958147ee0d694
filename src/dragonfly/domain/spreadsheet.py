"""Text for a CSV cell that a spreadsheet shows as text, never runs as a formula."""

from __future__ import annotations

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """Cell text a spreadsheet shows as text: a leading ' defuses =, +, -, @, tab and CR."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
