"""Street addresses split into street, city, state and ZIP with `usaddress`; the raw text is kept.

Parsing runs once per distinct address, so a file repeating addresses costs little.
"""

from __future__ import annotations

import polars as pl
import usaddress

_CITY_PARTS = ("PlaceName",)
_STATE_PARTS = ("StateName",)
_ZIP_PARTS = ("ZipCode",)
_NOT_STREET = {"PlaceName", "StateName", "ZipCode", "ZipPlus4", "CountryName", "Recipient"}


def parse_address(text: str) -> dict[str, str | None]:
    """street, city, state, zip from one-line address text; unparsable text keeps street only."""
    try:
        parts, _ = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return {"street": text, "city": None, "state": None, "zip": None}

    def joined(labels: tuple[str, ...] | set[str], keep: bool = True) -> str | None:
        found = [v for k, v in parts.items() if (k in labels) == keep]
        return " ".join(found).strip(" ,") or None

    zip_code = joined(_ZIP_PARTS)
    return {
        "street": joined(_NOT_STREET, keep=False),
        "city": joined(_CITY_PARTS),
        "state": (joined(_STATE_PARTS) or "").upper()[:2] or None,
        "zip": zip_code[:5] if zip_code else None,
    }


def split_addresses(frame: pl.DataFrame, party: str) -> pl.DataFrame:
    """Add `<party>_street/_raw_address`, filling city/state/zip from the address when absent."""
    address = f"{party}_address"
    has_parts = pl.col(f"{party}_city").is_not_null() | pl.col(f"{party}_zip").is_not_null()
    needs_parse = frame.filter(pl.col(address).is_not_null() & ~has_parts)[address].unique()
    parsed = {text: parse_address(text) for text in needs_parse.to_list()}

    def part(name: str) -> pl.Expr:
        mapping = {text: fields[name] for text, fields in parsed.items()}
        return pl.col(address).replace_strict(mapping, default=None, return_dtype=pl.String)

    return frame.with_columns(
        pl.when(has_parts).then(pl.col(address)).otherwise(part("street")).alias(f"{party}_street"),
        pl.col(f"{party}_city").fill_null(part("city")),
        pl.col(f"{party}_state").fill_null(part("state")),
        pl.col(f"{party}_zip").fill_null(part("zip")),
        pl.col(address).alias(f"{party}_raw_address"),
    )
