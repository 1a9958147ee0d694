"""Reading an interest regime from a file: the words and numbers firms write for it.

Accepted (case, spaces and punctuation ignored):
- standard: `standard`, `std`, `non-consumer`, `commercial`, `business`, `9`, `9%`, `9.00%`,
  `0.09`, `CPLR 5004(a)`... and `no`/`n`/`false` (a yes/no column such as "Consumer Debt");
- consumer: `consumer`, `consumer debt`, `consumer credit`, `FCJIA`, `2`, `2%`, `2.00%`, `0.02`,
  and `yes`/`y`/`true`.
"Standard (9%)" and "Consumer (2%)", as the dashboard writes them, read too. A blank cell says
nothing (the import's default applies to new judgments); anything else rejects the row with
reason `bad_interest_regime`.
"""

from __future__ import annotations

import re

import polars as pl

from dragonfly.errors import InputError

REGIMES = ("standard", "consumer")
_STANDARD = re.compile(
    r"^(standard|std|standardrate|nonconsumer|notconsumer|commercial|business|cplr5004a?|"
    r"statutory|no|n|false)?(9(\.0+)?%?|0?\.090*)?$"
)
_CONSUMER = re.compile(
    r"^(consumer|consumerdebt|consumercredit|consumerrate|consumerjudgment|fcjia|yes|y|true)?"
    r"(2(\.0+)?%?|0?\.020*)?$"
)


def regime_of(text: str | None) -> str | None:
    """'standard', 'consumer', or None when `text` is blank or not a regime."""
    if text is None:
        return None
    key = re.sub(r"[^a-z0-9.%]", "", text.lower().replace("percent", "%").replace("rate", ""))
    key = key.replace("interest", "")
    if not key:
        return None
    for regime, pattern in (("standard", _STANDARD), ("consumer", _CONSUMER)):
        if pattern.match(key):
            return regime
    return None


def regime_expr(column: str) -> pl.Expr:
    """The regime of each value of `column` (null when blank or unreadable)."""
    return pl.col(column).map_elements(regime_of, return_dtype=pl.String, skip_nulls=True)


def import_default(value: str | None, field: str = "interest_regime") -> str | None:
    """A per-import default as given on the command line or Intake; refuses anything else."""
    if value is None or not value.strip():
        return None
    regime = regime_of(value)
    if regime is None:
        raise InputError.in_field(
            field, f"The interest regime '{value}' is not standard (9%) or consumer (2%)."
        )
    return regime


def regime_note(regime: str | None) -> str:
    """Said in the import's summary when a default regime was given."""
    if regime is None:
        return ""
    rate = "2%" if regime == "consumer" else "9%"
    return f" New judgments without a stated rate: {regime} ({rate})."
