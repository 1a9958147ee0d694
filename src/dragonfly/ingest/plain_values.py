"""Normalisation that passes over the values already in their final form.

Most cells of a large file need no work: a name with single spaces, an index number like
`SC-2016-000001`, an amount like `$1,588.48`. One cheap regex finds the cells that do; only those
go through the full, multi-pass normalisation (`normalise`, `index_numbers`), which stays the
reference. Each pattern below only accepts text the full normalisation would return unchanged
(or, for amounts, with just the symbol and separators dropped), so the answer is the same.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dragonfly.domain.index_numbers import index_number_norm
from dragonfly.ingest import normalise as norm

# Text clean_text would change: whitespace other than a lone inner space, or nothing at all.
NEEDS_CLEANING = r"[^\S ]|  |^ | $|^$"
# An index number index_number_norm returns as it is: upper-case letters and digits in runs
# joined by single dashes or slashes.
PLAIN_INDEX_NUMBER = r"^[A-Z0-9]+(?:[-/][A-Z0-9]+)*$"
# Characters that never belong to a currency symbol the shortcut strips (they are the amount's).
AMOUNT_CHARS = set("0123456789.,()-")


def redone_where(
    fast: pl.Series, source: pl.Series, redo: pl.Series, full: Callable[[pl.Expr], pl.Expr]
) -> pl.Series:
    """`fast`, except in the rows where `redo` holds: there `full(source)`, computed on those
    rows alone (gathered, normalised, scattered back)."""
    rows = redo.fill_null(False).arg_true()
    if rows.is_empty():
        return fast
    fixed = source.gather(rows).to_frame("value").select(full(pl.col("value"))).to_series()
    return fast.clone().scatter(rows, fixed.cast(fast.dtype))


def clean_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """`norm.clean_text` of every column; only the values it would change are rewritten."""
    # The checks run in one select, so Polars spreads them over the cores.
    redo = frame.select(pl.all().str.contains(NEEDS_CLEANING))
    return frame.select(
        redone_where(frame[c], frame[c], redo[c], norm.clean_text) for c in frame.columns
    )


def index_number_series(values: pl.Series) -> pl.Series:
    """`index_number_norm` of every value; only the values it would change are rewritten."""
    redo = ~values.str.contains(PLAIN_INDEX_NUMBER)
    return redone_where(values, values, redo, index_number_norm)


def amount_series(
    values: pl.Series, thousands: str, symbols: list[str]
) -> tuple[pl.Series, pl.Series]:
    """`norm.amount_parts` of every (cleaned) value: (digits, negative).

    A plain amount (`$1,588.48`, `1588.48`, `.5`) only loses its currency symbol and its
    thousands separators; the rest (spaces, parentheses, minus signs, stray symbols) takes the
    full path. Symbols that could be mistaken for part of an amount, or that hold one another,
    leave every value to the full path.
    """

    def full_digits(e: pl.Expr) -> pl.Expr:
        return norm.amount_parts(e, thousands, symbols)[0]

    def full_negative(e: pl.Expr) -> pl.Expr:
        return norm.amount_parts(e, thousands, symbols)[1]

    plain = _plain_amount(thousands, symbols)
    if plain is None:
        frame = values.to_frame("value")
        return (
            frame.select(full_digits(pl.col("value"))).to_series().alias(values.name),
            frame.select(full_negative(pl.col("value"))).to_series().alias(values.name),
        )
    unmarked = pl.col("value").str.strip_chars_start("".join(symbols))
    if thousands:
        unmarked = unmarked.str.replace_all(thousands, "", literal=True)
    # One select, so the check and the shortcut run side by side on the cores.
    check = ~pl.col("value").str.contains(plain)
    fast = values.to_frame("value").select(redo=check, digits=unmarked)
    redo, digits = fast["redo"], fast["digits"].alias(values.name)
    negative = pl.Series(values.name, [False], pl.Boolean).new_from_index(0, values.len())
    return (
        redone_where(digits, values, redo, full_digits),
        redone_where(negative, values, redo, full_negative),
    )


def _plain_amount(thousands: str, symbols: list[str]) -> str | None:
    """The pattern of an amount amount_parts reads by dropping a leading symbol and the
    separators, or None when the symbols make that unsafe."""
    for symbol in symbols:
        if not symbol or AMOUNT_CHARS & set(symbol) or (thousands and thousands in symbol):
            return None
        if any(ch.isspace() or ch.isdigit() for ch in symbol):
            return None
        if any(symbol != other and symbol in other for other in symbols):
            return None  # removing the one would break the other
    plain = r"\d+(?:\.\d{1,2})?|\.\d{1,2}"
    if thousands and not (thousands.isspace() or thousands.isdigit() or thousands in "()-"):
        plain += rf"|\d{{1,3}}(?:{pl.escape_regex(thousands)}\d{{3}})+(?:\.\d{{1,2}})?"
    prefix = "|".join(pl.escape_regex(s) for s in symbols)
    return rf"^(?:{prefix})?(?:{plain})$" if symbols else rf"^(?:{plain})$"
