"""Counties and courts for the importer: the registry lives in `dragonfly.domain.courts` (and
`domain.counties`); this module keeps the names the pipeline and the demo data use.

County codes are the county name in capitals with underscores (`KINGS`, `NEW_YORK`,
`ST_LAWRENCE`). Court codes are the registry's (`SUP-KINGS`, `CIV-QUEENS`, `DIST-NASSAU-2`,
`CITY-MOUNT_VERNON`, `TOWN-ALBANY-BERNE`, `VIL-ALBANY-ALTAMONT`), and `UNK-<COUNTY>` / `UNK`
when a file does not name the court.
"""

from __future__ import annotations

from dragonfly.domain.counties import (
    BOROUGHS,
    COUNTIES,
    COUNTY_NAMES,
    NYC_COUNTIES,
    county_code,
    county_name,
    resolve_county,
)
from dragonfly.domain.courts import KINDS as COURT_KINDS
from dragonfly.domain.courts import Court, Refusal, courts, resolve

__all__ = [
    "BOROUGHS", "CITIES", "COUNTIES", "COUNTY_NAMES", "COURT_KINDS", "NYC_COUNTIES", "Court",
    "Refusal", "county_code", "county_name", "resolve", "resolve_county", "resolve_court",
]  # fmt: skip

# New York's cities, each with the county its city court sits in (from the registry).
CITIES: dict[str, str] = {
    str(c.place): str(c.county_code) for c in courts("CITY") if c.place and c.county_code
}


def resolve_court(text: str | None, county: str | None) -> Court | None:
    """The court a free-text court name means, or None when it names no single court."""
    found = resolve(text, county)
    return found if isinstance(found, Court) else None
