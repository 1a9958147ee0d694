"""Vectorised value normalisation: names, party kinds, index numbers, amounts and dates.

Every function returns a Polars expression, so a million rows are cleaned without a Python loop.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dragonfly.domain.money import MAX_AMOUNT as MAX_MONEY

# Whole-word business designators (after dots are removed, so L.L.C. reads as LLC).
BUSINESS_WORDS = r"\b(LLC|INC|CORP|CORPORATION|CO|LP|LLP|PC|PLLC|LTD)\b"
MAX_AMOUNT = str(int(MAX_MONEY))  # whole dollars; see domain.money.MAX_AMOUNT for why
EARLIEST_ENTRY = date(1900, 1, 1)


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Trim and collapse inner whitespace; an empty value becomes null."""
    # The same as replacing every run of \s+ by a space, but a lone space (most of them) is left
    # alone instead of being rewritten: four times faster on names.
    cleaned = expr.str.replace_all(r"\s\s+|[^\S ]", " ").str.strip_chars()
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def name_key(expr: pl.Expr) -> pl.Expr:
    """How two spellings of one name are matched: case, punctuation and spacing ignored."""
    letters = expr.str.to_uppercase().str.replace_all(r"[^\p{L}\p{N} ]", "")
    return clean_text(letters)


def party_kind(name: pl.Expr, otherwise: str = "individual") -> pl.Expr:
    """business when the name carries a business word, `otherwise` if not, unknown if blank.

    Debtors without a business word are named individuals (the scoring rule); a creditor's
    kind is left unknown instead, since collection agencies rarely carry one.
    """
    words = name.str.to_uppercase().str.replace_all(".", "", literal=True)
    return (
        pl.when(name.is_null())
        .then(pl.lit("unknown"))
        .when(words.str.contains(BUSINESS_WORDS))
        .then(pl.lit("business"))
        .otherwise(pl.lit(otherwise))
    )


def state_code(expr: pl.Expr) -> pl.Expr:
    """Two-letter state, NY when blank; 'New York' and 'N.Y.' read as NY."""
    letters = expr.str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    return pl.when(letters == "NEWYORK").then(pl.lit("NY")).otherwise(letters).fill_null("NY")


def amount_parts(expr: pl.Expr, thousands: str, symbols: list[str]) -> tuple[pl.Expr, pl.Expr]:
    """(digits, negative): `$12,500.00` -> ("12500.00", false); `(1,000.00)` -> ("1000.00", true).

    digits is null when the text is not an amount with at most two decimals.
    """
    text = expr.str.replace_all(r"\s", "")
    for symbol in symbols:
        text = text.str.replace_all(symbol, "", literal=True)
    negative = text.str.contains(r"^\(.*\)$|^-|-$")
    bare = text.str.replace_all(r"^\(|\)$|^-|-$", "")
    sep = pl.escape_regex(thousands)  # a no-break space or a dot, read as itself
    grouped = rf"^\d{{1,3}}({sep}\d{{3}})+(\.\d{{1,2}})?$" if thousands else r"^$"
    valid = bare.str.contains(grouped) | bare.str.contains(r"^\d+(\.\d{1,2})?$|^\.\d{1,2}$")
    digits = bare.str.replace_all(thousands, "", literal=True) if thousands else bare
    return pl.when(valid).then(digits).otherwise(None), negative.fill_null(False)


def amount_in_range(digits: pl.Expr, *, allow_zero: bool) -> pl.Expr:
    """True when 0 < amount <= MAX_AMOUNT (0 allowed for costs).

    `digits` has at most two decimals, so a float compares exactly at this size (cents of
    MAX_AMOUNT are far inside a double's 53 bits); a longer number reads as over, never as zero.
    """
    value = digits.cast(pl.Float64, strict=False)
    over = value > float(MAX_AMOUNT)
    return ~over & (pl.lit(allow_zero) | (value != 0))


def parse_date(expr: pl.Expr, formats: list[str]) -> pl.Expr:
    """The first declared format that reads the text; null when none does (never guessed)."""
    attempts = [expr.str.strptime(pl.Date, fmt, strict=False, exact=True) for fmt in formats]
    return pl.coalesce(attempts)
