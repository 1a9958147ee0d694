"""Street addresses split into street, city, state and ZIP with `usaddress`; the raw text is kept.

Parsing runs once per distinct address, so a file repeating addresses costs little.
"""

from __future__ import annotations

import polars as pl

from dragonfly.domain.addresses import parse_address

__all__ = ["parse_address", "split_addresses"]


def split_addresses(frame: pl.DataFrame, party: str) -> pl.DataFrame:
    """Add `<party>_street/_raw_address`, filling city/state/zip from the address when absent."""
    address = f"{party}_address"
    has_parts = pl.col(f"{party}_city").is_not_null() | pl.col(f"{party}_zip").is_not_null()
    needs_parse = frame.select(pl.col(address).filter(~has_parts).drop_nulls().unique())
    parsed = {text: parse_address(text) for text in needs_parse.to_series().to_list()}

    def part(name: str) -> pl.Expr:
        if not parsed:  # nothing to look up: the file has no address column, or all are split
            return pl.lit(None, pl.String)
        mapping = {text: fields[name] for text, fields in parsed.items()}
        return pl.col(address).replace_strict(mapping, default=None, return_dtype=pl.String)

    return frame.with_columns(
        pl.when(has_parts).then(pl.col(address)).otherwise(part("street")).alias(f"{party}_street"),
        pl.col(f"{party}_city").fill_null(part("city")),
        pl.col(f"{party}_state").fill_null(part("state")),
        pl.col(f"{party}_zip").fill_null(part("zip")),
        pl.col(address).alias(f"{party}_raw_address"),
    )
