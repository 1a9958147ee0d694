"""Types shared by the API's request and response models: money, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from fastapi import Path
from pydantic import BaseModel, Field, PlainSerializer

from dragonfly.domain.money import MAX_AMOUNT
from dragonfly.errors import InputError

# Money leaves the API as a string with exactly two decimals: no float ever touches a cent.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
]
# Amounts a client sends: cents, and within the documented bound (MAX_AMOUNT, $100M) either way.
MoneyIn = Annotated[Decimal, Field(max_digits=14, decimal_places=2, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
PositiveMoneyIn = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2, le=MAX_AMOUNT)]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, the total over all pages, and where this page is."""

    items: list[T]
    total: int
    page: int
    page_size: int


PageNumber = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=500)]
# Skipping rows costs as much as reading them: pages reach this deep, filters narrow the rest.
MAX_PAGE_DEPTH = 10_000


def refuse_deep_page(page: int, page_size: int) -> None:
    """422 when the page starts past MAX_PAGE_DEPTH rows."""
    if (page - 1) * page_size >= MAX_PAGE_DEPTH:
        last = -(-MAX_PAGE_DEPTH // page_size)
        raise InputError.in_field(
            "query.page",
            f"The request is invalid: query.page: pages reach the first {MAX_PAGE_DEPTH:,} rows "
            f"(page {last} at page_size {page_size}); narrow the filters or download the CSV "
            "export for everything.",
            f"at most {last}",
        )


EntityId = Annotated[int, Path(ge=1, le=2**62)]
