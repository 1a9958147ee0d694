"""One-line US street addresses split into street, city, state and ZIP with `usaddress`.

Pure (no I/O): the importer parses the addresses of a file with it, and a contact fact typed by a
person is checked with it.
"""

from __future__ import annotations

import usaddress

_CITY_PARTS = ("PlaceName",)
_STATE_PARTS = ("StateName",)
_ZIP_PARTS = ("ZipCode",)
_NOT_STREET = {"PlaceName", "StateName", "ZipCode", "ZipPlus4", "CountryName", "Recipient"}
_STATE_CODES = dict(
    pair.split("=")
    for pair in [
        "ALABAMA=AL",
        "ALASKA=AK",
        "ARIZONA=AZ",
        "ARKANSAS=AR",
        "CALIFORNIA=CA",
        "COLORADO=CO",
        "CONNECTICUT=CT",
        "DELAWARE=DE",
        "DISTRICT_OF_COLUMBIA=DC",
        "FLORIDA=FL",
        "GEORGIA=GA",
        "HAWAII=HI",
        "IDAHO=ID",
        "ILLINOIS=IL",
        "INDIANA=IN",
        "IOWA=IA",
        "KANSAS=KS",
        "KENTUCKY=KY",
        "LOUISIANA=LA",
        "MAINE=ME",
        "MARYLAND=MD",
        "MASSACHUSETTS=MA",
        "MICHIGAN=MI",
        "MINNESOTA=MN",
        "MISSISSIPPI=MS",
        "MISSOURI=MO",
        "MONTANA=MT",
        "NEBRASKA=NE",
        "NEVADA=NV",
        "NEW_HAMPSHIRE=NH",
        "NEW_JERSEY=NJ",
        "NEW_MEXICO=NM",
        "NEW_YORK=NY",
        "NORTH_CAROLINA=NC",
        "NORTH_DAKOTA=ND",
        "OHIO=OH",
        "OKLAHOMA=OK",
        "OREGON=OR",
        "PENNSYLVANIA=PA",
        "RHODE_ISLAND=RI",
        "SOUTH_CAROLINA=SC",
        "SOUTH_DAKOTA=SD",
        "TENNESSEE=TN",
        "TEXAS=TX",
        "UTAH=UT",
        "VERMONT=VT",
        "VIRGINIA=VA",
        "WASHINGTON=WA",
        "WEST_VIRGINIA=WV",
        "WISCONSIN=WI",
        "WYOMING=WY",
    ]
)


def state_code(text: str | None) -> str | None:
    """A state as its two-letter code: 'ny', 'N.Y.' and 'New York' are all NY; None if unknown."""
    letters = "_".join("".join(c for c in (text or "").upper() if c.isalpha() or c == " ").split())
    if len(letters) == 2:
        return letters
    return _STATE_CODES.get(letters)


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
        "state": state_code(joined(_STATE_PARTS)),
        "zip": zip_code[:5] if zip_code else None,
    }
