"""A debtor's contact facts as a person types them: a US phone number written one way, and an
address checked to be one papers could be mailed to. Pure; the service records them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dragonfly.domain.addresses import parse_address

_PHONE_CHARACTERS = re.compile(r"[0-9\s().+\-/]+")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*(\d{1,6})\s*$", re.IGNORECASE)


def normalise_us_phone(text: str) -> str:
    """'212.555.0100', '+1 (212) 555-0100' and '2125550100' all become '(212) 555-0100'; an
    extension is kept ('x12'). Raises ValueError, worded for the person typing, otherwise."""
    extension = _EXTENSION.search(text)
    number = text[: extension.start()] if extension else text
    if not number.strip():
        raise ValueError("Give the phone number, e.g. (212) 555-0100.")
    if not _PHONE_CHARACTERS.fullmatch(number.strip()):
        raise ValueError(
            f"'{text.strip()}' is not a phone number: use digits, spaces, dots, dashes or "
            "brackets, e.g. (212) 555-0100."
        )
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise ValueError(
            f"'{text.strip()}' has {len(digits)} digits; a US number has 10 (area code first)."
        )
    if digits[0] in "01" or digits[3] in "01":
        raise ValueError(
            f"'{text.strip()}' is not a US number: neither the area code nor the exchange "
            "starts with 0 or 1."
        )
    shown = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"{shown} x{extension.group(1)}" if extension else shown


@dataclass(frozen=True)
class Address:
    text: str  # as typed, spaces tidied
    street: str | None
    city: str | None
    state: str | None
    zip: str | None


def checked_address(text: str) -> Address:
    """The address split into its parts; it must name a street with its number (or a box) and a
    city or ZIP. Raises ValueError, worded for the person typing, otherwise."""
    tidy = " ".join(text.split())
    if not tidy:
        raise ValueError("Give the address, e.g. 123 Main St, Brooklyn, NY 11201.")
    parts = parse_address(tidy)
    street = parts["street"]
    if not street or not any(c.isdigit() for c in street) or not any(c.isalpha() for c in street):
        raise ValueError(
            f"'{tidy}' names no street with its number; write it as on an envelope, e.g. "
            "123 Main St, Brooklyn, NY 11201."
        )
    if not parts["city"] and not parts["zip"]:
        raise ValueError(f"'{tidy}' has no city or ZIP; add them, e.g. Brooklyn, NY 11201.")
    return Address(tidy, street, parts["city"], parts["state"], parts["zip"])
