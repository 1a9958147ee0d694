"""A phone number typed any usual way is kept one way; an address must be one papers can reach."""

from __future__ import annotations

import pytest

from dragonfly.domain.addresses import parse_address, state_code
from dragonfly.domain.contacts import checked_address, normalise_us_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("212.555.0100", "(212) 555-0100"),
        ("+1 (212) 555-0100", "(212) 555-0100"),
        ("1-212-555-0100", "(212) 555-0100"),
        ("2125550100", "(212) 555-0100"),
        ("212-555-0100 ext. 12", "(212) 555-0100 x12"),
        ("(718) 555 0199 x5", "(718) 555-0199 x5"),
    ],
)
def test_a_us_number_is_kept_one_way(typed: str, kept: str) -> None:
    assert normalise_us_phone(typed) == kept


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("call me", "is not a phone number"),
        ("555-0100", "has 7 digits"),
        ("+44 20 7946 0958", "has 12 digits"),
        ("(012) 555-0100", "not a US number"),
        ("(212) 055-0100", "not a US number"),
        ("", "Give the phone number"),
    ],
)
def test_anything_else_is_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        normalise_us_phone(typed)


def test_an_address_is_split_and_checked() -> None:
    found = checked_address("  55 Water St   Apt 4B, New York, New York 10041 ")
    assert (found.text, found.street, found.city, found.state, found.zip) == (
        "55 Water St Apt 4B, New York, New York 10041", "55 Water St Apt 4B", "New York", "NY",
        "10041")  # fmt: skip
    for vague in ("Brooklyn", "123 Main St", "!!!", "12345"):
        with pytest.raises(ValueError):
            checked_address(vague)


def test_states_are_read_as_their_codes() -> None:
    assert [state_code(s) for s in ("ny", "N.Y.", "New York", "new jersey", "Atlantis")] == [
        "NY", "NY", "NY", "NJ", None]  # fmt: skip
    assert parse_address("1 Main St, Newark, New Jersey 07102")["state"] == "NJ"
