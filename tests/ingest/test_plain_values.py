"""The import's shortcut for values already in their final form gives exactly what the full
normalisation gives: for plain values, for the ones that need work, and for both in one column."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_series_equal

from dragonfly.domain.index_numbers import index_number_norm
from dragonfly.ingest import normalise as norm
from dragonfly.ingest.plain_values import amount_series, clean_text_columns, index_number_series

TEXTS = [
    "Nicole Garcia", "Atlantic Credit & Finance Inc", "Peña Diaz", "x", None, "", " ", "  ",
    " leading", "trailing ", "two  spaces", "a\u00a0b", "a\tb", "tab\t", "\tx", "line\nbreak",
    "a \u00a0 b", "\u2003em space", "a\u200bb", "a \r\n b", "   many   gaps   ",
]  # fmt: skip
INDEX_NUMBERS = [
    "SC-2016-000001", "000002/2013", "CV-2023-001234", "A", "7", None, "", "sc-2016-000001",
    "cv 2023 001234", "943786 / 2023", "943786/ 2023", "A--B", "A//B", "-A", "A-", "/A", "A/",
    "A_B", "A.B", "A\\B", "A\u2013B", "A\u2010B", "ß-1", "Ä-1", "A-/B", "A B", "A\u00a0B",
    "LT-000123-24/KI", "CV-2023-00123\t", "---", "A-B-", "A1b2",
]  # fmt: skip
AMOUNTS = [
    "$1,588.48", "1588.48", "1,588.48", "$5", ".5", "$.05", "0", "$0.00", None, "", "$",
    "(1,000.00)", "($1,000.00)", "1,000.00-", "-5", "$-5", "-$5", "$ 1,000", "1 000", "1 000.5",
    "$1,58.48", "1,5888", "$$5", "5$", "12.345", "1.", "USD5", "USD 5", "5 USD", "1,000,000.00",
    "$1,000,000,000.00", "12,500", "\u00a0$12\u00a0500", "$1,588.4", "(5", "5)", "1.2.3",
    "1.000,50", "1.000.000", "US$12", "$US12", "€1.234,56",
]  # fmt: skip
AMOUNT_RULES = [
    (",", ["$"]), (",", []), ("", ["$"]), (" ", ["$"]), (".", ["$", "USD"]), (",", ["$", "US$"]),
    (",", ["US$", "$"]), ("'", ["€", "$"]), (",", ["-"]), (",", ["5"]), (",", ["$", "$"]),
]  # fmt: skip


def full(values: list[str | None], expr: pl.Expr) -> pl.Series:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr).to_series()


def series(values: list[str | None]) -> pl.Series:
    return pl.Series("v", values, pl.String)


def check_clean_text(values: list[str | None]) -> None:
    fast = clean_text_columns(pl.DataFrame({"v": values}, schema={"v": pl.String}))["v"]
    assert_series_equal(fast, full(values, norm.clean_text(pl.col("v"))), check_names=False)


def check_index_numbers(values: list[str | None]) -> None:
    fast = index_number_series(series(values))
    assert_series_equal(fast, full(values, index_number_norm(pl.col("v"))), check_names=False)


def check_amounts(values: list[str | None], thousands: str, symbols: list[str]) -> None:
    digits, negative = amount_series(series(values), thousands, symbols)
    want_digits, want_negative = norm.amount_parts(pl.col("v"), thousands, symbols)
    assert_series_equal(digits, full(values, want_digits), check_names=False)
    assert_series_equal(negative, full(values, want_negative), check_names=False)


def test_text_is_cleaned_as_before_whether_it_needed_it_or_not() -> None:
    check_clean_text(TEXTS)
    for text in TEXTS:
        check_clean_text([text])


def test_index_numbers_are_keyed_as_before_in_every_spelling() -> None:
    check_index_numbers(INDEX_NUMBERS)
    for number in INDEX_NUMBERS:
        check_index_numbers([number])
    assert index_number_series(series(["sc 2016 000001", "SC-2016-000002"])).to_list() == [
        "SC-2016-000001",
        "SC-2016-000002",
    ]


@pytest.mark.parametrize(("thousands", "symbols"), AMOUNT_RULES)
def test_amounts_read_as_before_under_any_separator_and_symbols(
    thousands: str, symbols: list[str]
) -> None:
    check_amounts(AMOUNTS, thousands, symbols)
    for amount in AMOUNTS:
        check_amounts([amount], thousands, symbols)


def test_a_no_break_space_between_thousands_reads_as_a_separator() -> None:
    # The full normalisation once built an invalid pattern from it (a backslash before it).
    values = ["1\u00a0234.56", "(2\u00a0000)", "1,5"]
    digits, negative = amount_series(series(values), "\u00a0", [])
    assert digits.to_list() == ["1234.56", "2000", None]
    assert negative.to_list() == [False, True, False]
    check_amounts(values, "\u00a0", [])


def test_a_column_of_plain_and_awkward_amounts_keeps_each_row_in_place() -> None:
    values = ["$1,588.48", "(1,000.00)", "$2.00", "3 000-", None, "$4"]
    digits, negative = amount_series(series(values), ",", ["$"])
    assert digits.to_list() == ["1588.48", "1000.00", "2.00", "3000", None, "4"]
    assert negative.to_list() == [False, True, False, True, False, False]


def test_the_input_column_is_left_as_it_was() -> None:
    values = series(["sc 1", "SC-2", " a "])
    index_number_series(values)
    clean_text_columns(values.to_frame())
    assert values.to_list() == ["sc 1", "SC-2", " a "]


# Pieces the normalisations treat specially, mixed with plain ones.
PIECES = [*"AZaz0159-/\\_.,$()' SD", "\u00a0", "\t", "\n", "\u2013", "ß", "é", "US", "€"]
CELL = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
CELLS = st.lists(st.one_of(st.none(), CELL), max_size=20)


@settings(max_examples=300, deadline=None)
@given(CELLS)
def test_any_text_cleans_and_keys_as_the_full_normalisation_does(values: list[str | None]) -> None:
    check_clean_text(values)
    check_index_numbers(values)


@settings(max_examples=300, deadline=None)
@given(CELLS, st.sampled_from(AMOUNT_RULES))
def test_any_text_reads_as_the_same_amount(
    values: list[str | None], rules: tuple[str, list[str]]
) -> None:
    check_amounts(values, *rules)
