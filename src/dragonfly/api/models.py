"""Types shared by the API's request and response models: money, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from fastapi import Path
from pydantic import BaseModel, Field, PlainSerializer

# Money leaves the API as a string with exactly two decimals: no float ever touches a cent.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
]
MoneyIn = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, the total over all pages, and where this page is."""

    items: list[T]
    total: int
    page: int
    page_size: int


PageNumber = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=500)]
EntityId = Annotated[int, Path(ge=1, le=2**62)]
