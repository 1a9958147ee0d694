"""New York's 62 counties and the courts judgments come from, as canonical codes.

County codes are the county name in capitals with underscores (`KINGS`, `NEW_YORK`,
`ST_LAWRENCE`). Court codes are `<KIND>-<COUNTY>` (`SUP-KINGS`, `CIV-QUEENS`, `DIST-NASSAU`),
`CITY-<CITY>` for city courts, and `UNK-<COUNTY>` / `UNK` when a file does not name the court.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# name -> FIPS county code (state 36)
COUNTIES: dict[str, str] = {
    "Albany": "36001", "Allegany": "36003", "Bronx": "36005", "Broome": "36007",
    "Cattaraugus": "36009", "Cayuga": "36011", "Chautauqua": "36013", "Chemung": "36015",
    "Chenango": "36017", "Clinton": "36019", "Columbia": "36021", "Cortland": "36023",
    "Delaware": "36025", "Dutchess": "36027", "Erie": "36029", "Essex": "36031",
    "Franklin": "36033", "Fulton": "36035", "Genesee": "36037", "Greene": "36039",
    "Hamilton": "36041", "Herkimer": "36043", "Jefferson": "36045", "Kings": "36047",
    "Lewis": "36049", "Livingston": "36051", "Madison": "36053", "Monroe": "36055",
    "Montgomery": "36057", "Nassau": "36059", "New York": "36061", "Niagara": "36063",
    "Oneida": "36065", "Onondaga": "36067", "Ontario": "36069", "Orange": "36071",
    "Orleans": "36073", "Oswego": "36075", "Otsego": "36077", "Putnam": "36079",
    "Queens": "36081", "Rensselaer": "36083", "Richmond": "36085", "Rockland": "36087",
    "St. Lawrence": "36089", "Saratoga": "36091", "Schenectady": "36093", "Schoharie": "36095",
    "Schuyler": "36097", "Seneca": "36099", "Steuben": "36101", "Suffolk": "36103",
    "Sullivan": "36105", "Tioga": "36107", "Tompkins": "36109", "Ulster": "36111",
    "Warren": "36113", "Washington": "36115", "Wayne": "36117", "Westchester": "36119",
    "Wyoming": "36121", "Yates": "36123",
}  # fmt: skip

NYC_COUNTIES = ("Bronx", "Kings", "New York", "Queens", "Richmond")
BOROUGHS: dict[str, str] = {
    "BROOKLYN": "KINGS",
    "MANHATTAN": "NEW_YORK",
    "STATEN ISLAND": "RICHMOND",
    "THE BRONX": "BRONX",
}
# New York's cities, each with the county its city court sits in.
CITIES: dict[str, str] = {
    "Albany": "ALBANY", "Amsterdam": "MONTGOMERY", "Auburn": "CAYUGA", "Batavia": "GENESEE",
    "Beacon": "DUTCHESS", "Binghamton": "BROOME", "Buffalo": "ERIE", "Canandaigua": "ONTARIO",
    "Cohoes": "ALBANY", "Corning": "STEUBEN", "Cortland": "CORTLAND", "Dunkirk": "CHAUTAUQUA",
    "Elmira": "CHEMUNG", "Fulton": "OSWEGO", "Geneva": "ONTARIO", "Glen Cove": "NASSAU",
    "Glens Falls": "WARREN", "Gloversville": "FULTON", "Hornell": "STEUBEN",
    "Hudson": "COLUMBIA", "Ithaca": "TOMPKINS", "Jamestown": "CHAUTAUQUA",
    "Johnstown": "FULTON", "Kingston": "ULSTER", "Lackawanna": "ERIE",
    "Little Falls": "HERKIMER", "Lockport": "NIAGARA", "Long Beach": "NASSAU",
    "Mechanicville": "SARATOGA", "Middletown": "ORANGE", "Mount Vernon": "WESTCHESTER",
    "New Rochelle": "WESTCHESTER", "Newburgh": "ORANGE", "Niagara Falls": "NIAGARA",
    "North Tonawanda": "NIAGARA", "Norwich": "CHENANGO", "Ogdensburg": "ST_LAWRENCE",
    "Olean": "CATTARAUGUS", "Oneida": "MADISON", "Oneonta": "OTSEGO", "Oswego": "OSWEGO",
    "Peekskill": "WESTCHESTER", "Plattsburgh": "CLINTON", "Port Jervis": "ORANGE",
    "Poughkeepsie": "DUTCHESS", "Rensselaer": "RENSSELAER", "Rochester": "MONROE",
    "Rome": "ONEIDA", "Rye": "WESTCHESTER", "Salamanca": "CATTARAUGUS",
    "Saratoga Springs": "SARATOGA", "Schenectady": "SCHENECTADY", "Sherrill": "ONEIDA",
    "Syracuse": "ONONDAGA", "Tonawanda": "ERIE", "Troy": "RENSSELAER", "Utica": "ONEIDA",
    "Watertown": "JEFFERSON", "Watervliet": "ALBANY", "White Plains": "WESTCHESTER",
    "Yonkers": "WESTCHESTER",
}  # fmt: skip

COURT_KINDS: dict[str, str] = {
    "SUP": "Supreme Court",
    "CIV": "Civil Court",
    "CTY": "County Court",
    "DIST": "District Court",
    "CITY": "City Court",
    "UNK": "Court not stated",
}
_NON_WORD = re.compile(r"[^A-Z0-9]+")
# Phrases that mention "New York" without naming New York County.
_STATE_PHRASES = re.compile(
    r"\b(CITY OF NEW YORK|NEW YORK CITY|STATE OF NEW YORK|NEW YORK STATE|NYC|NYS|N Y C|N Y S)\b"
)


@dataclass(frozen=True)
class Court:
    code: str
    name: str
    county_code: str | None


def county_code(name: str) -> str:
    """`St. Lawrence` -> `ST_LAWRENCE`."""
    return _NON_WORD.sub("_", name.upper()).strip("_")


COUNTY_NAMES: dict[str, str] = {county_code(name): name for name in COUNTIES}


def _words(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.upper()).split())


def _county_aliases() -> list[tuple[str, str]]:
    aliases = {_words(name): county_code(name) for name in COUNTIES}
    aliases.update({"SAINT LAWRENCE": "ST_LAWRENCE", **BOROUGHS})
    # Longest first, so "STATEN ISLAND" wins over shorter names inside it.
    return sorted(aliases.items(), key=lambda item: -len(item[0]))


_COUNTY_ALIASES = _county_aliases()
_CITY_ALIASES = sorted(((_words(c), c) for c in CITIES), key=lambda item: -len(item[0]))


def _find_county(words: str) -> str | None:
    padded = f" {words} "
    for alias, code in _COUNTY_ALIASES:
        if f" {alias} " in padded:
            return code
    return None


def resolve_county(text: str | None) -> str | None:
    """The county code for a county or borough name (`Kings County`, `Brooklyn`), else None."""
    if not text:
        return None
    words = _words(text)
    words = re.sub(r"\s*\bCOUNTY\b\s*", " ", words).strip()
    for alias, code in _COUNTY_ALIASES:
        if words == alias:
            return code
    return None


def _court_kind(words: str) -> str | None:
    if "SUPREME" in words:
        return "SUP"
    if re.search(r"\b(CIVIL|SMALL CLAIMS|COMMERCIAL CLAIMS|HOUSING)\b", words):
        return "CIV"
    if "DISTRICT COURT" in words:
        return "DIST"
    if "CITY COURT" in words:
        return "CITY"
    if "COUNTY COURT" in words:
        return "CTY"
    return None


def _city_court(words: str) -> Court | None:
    padded = f" {words} "
    for alias, city in _CITY_ALIASES:
        if f" {alias} CITY COURT " in padded or f" CITY COURT OF {alias} " in padded:
            code = f"CITY-{county_code(city)}"
            return Court(code, f"{city} City Court", CITIES[city])
    return None


def court_for(kind: str, county: str | None) -> Court:
    """The canonical court of `kind` in `county` (either may be unknown)."""
    if county is None:
        return Court("UNK", COURT_KINDS["UNK"], None)
    county_name = COUNTY_NAMES[county]
    if kind == "CIV" and county_name in NYC_COUNTIES:
        return Court(
            f"CIV-{county}", f"Civil Court of the City of New York, {county_name} County", county
        )
    return Court(f"{kind}-{county}", f"{COURT_KINDS[kind]}, {county_name} County", county)


def resolve_court(text: str | None, county: str | None) -> Court | None:
    """The court a free-text court name means, using `county` when the name lacks one.

    Returns None when the name is given but not recognised; a blank name is the county's
    unknown court (`UNK-KINGS`), or `UNK` when the county is unknown too.
    """
    if not text or not text.strip():
        return court_for("UNK", county)
    words = _words(text)
    kind = _court_kind(words)
    if kind == "CITY":
        return _city_court(words)
    named_county = _find_county(_STATE_PHRASES.sub(" ", words))
    if kind is None:
        # A venue that only names a county or borough ("Kings", "Brooklyn").
        only_county = resolve_county(text)
        return court_for("UNK", only_county) if only_county else None
    chosen = named_county or county
    if chosen is None:
        return None
    return court_for(kind, chosen)
