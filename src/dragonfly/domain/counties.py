"""New York's 62 counties: codes, the names people write, and the boroughs that stand for them.

County codes are the county name in capitals with underscores (`KINGS`, `NEW_YORK`,
`ST_LAWRENCE`); `county_name` turns a code back into the name a person writes (`New York`,
`St. Lawrence`), which is what the API and the dashboard show.
"""

from __future__ import annotations

import re

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
# Borough abbreviations files write in a county column, as the court grammar reads them in a court
# name (`Bklyn Civil`).
BOROUGH_ABBREVIATIONS: dict[str, str] = {"BKLYN": "KINGS", "MANH": "NEW_YORK", "S I": "RICHMOND"}
_NON_WORD = re.compile(r"[^A-Z0-9]+")


def county_code(name: str) -> str:
    """`St. Lawrence` -> `ST_LAWRENCE`."""
    return _NON_WORD.sub("_", name.upper()).strip("_")


COUNTY_NAMES: dict[str, str] = {county_code(name): name for name in COUNTIES}
NYC_COUNTY_CODES = frozenset(county_code(name) for name in NYC_COUNTIES)


def county_name(code: str | None) -> str | None:
    """The county as a person writes it (`NEW_YORK` -> `New York`); unknown codes unchanged."""
    if code is None:
        return None
    return COUNTY_NAMES.get(code, code)


def words(text: str) -> str:
    """Capitals and single spaces, punctuation dropped: `St. Lawrence` -> `ST LAWRENCE`."""
    return " ".join(_NON_WORD.sub(" ", text.upper()).split())


def _county_aliases() -> dict[str, str]:
    aliases = {words(name): county_code(name) for name in COUNTIES}
    aliases.update({"SAINT LAWRENCE": "ST_LAWRENCE", **BOROUGHS, **BOROUGH_ABBREVIATIONS})
    return aliases


COUNTY_ALIASES: dict[str, str] = _county_aliases()


def resolve_county(text: str | None) -> str | None:
    """The county code for a county or borough name (`Kings County`, `Brooklyn`), else None."""
    if not text:
        return None
    typed = re.sub(r"^(COUNTY OF|THE BOROUGH OF|BOROUGH OF)\s+", "", words(text))
    typed = re.sub(r"\s*\b(COUNTY|CO)\b\s*", " ", typed).strip()
    return COUNTY_ALIASES.get(typed) or COUNTY_ALIASES.get(typed.replace("ST ", "SAINT ", 1))
