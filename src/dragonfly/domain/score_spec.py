"""The versioned collectability score spec (score_v1.toml): weights, bands, words, tiers."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dragonfly.domain.errors import RulesFileError
from dragonfly.domain.rules import describe_validation_error, parse_toml

_STRICT = ConfigDict(extra="forbid", frozen=True)


class AmountBands(BaseModel):
    model_config = _STRICT
    max: int
    lower_bounds: list[Decimal] = Field(alias="from")
    points: list[int]
    labels: list[str]

    @model_validator(mode="after")
    def _shape(self) -> Self:
        _check_bands(self.lower_bounds, self.points, self.labels, self.max)
        return self


class AgeBands(BaseModel):
    model_config = _STRICT
    max: int
    up_to: list[int]
    points: list[int]
    labels: list[str]

    @model_validator(mode="after")
    def _shape(self) -> Self:
        _check_bands(self.up_to, self.points, self.labels, self.max)
        return self


class DebtorKindPoints(BaseModel):
    model_config = _STRICT
    max: int
    business: int
    individual: int
    unnamed: int
    business_words: list[str] = Field(min_length=1)


class LocatabilityPoints(BaseModel):
    model_config = _STRICT
    max: int
    full: int
    partial: int
    none: int
    street_number: str
    zip: str


class AssetPoints(BaseModel):
    model_config = _STRICT
    max: int
    employer: int
    bank: int
    real_property: int
    vehicle: int


class TierFloor(BaseModel):
    model_config = _STRICT
    tier: str = Field(pattern="^[ABCDF]$")
    min: int = Field(ge=0, le=100)


class ScoreSpec(BaseModel):
    """One score version. Weights (each component's max) sum to 100."""

    model_config = _STRICT
    version: str
    amount: AmountBands
    age: AgeBands
    debtor_kind: DebtorKindPoints
    locatability: LocatabilityPoints
    assets: AssetPoints
    tiers: list[TierFloor]

    @model_validator(mode="after")
    def _totals(self) -> Self:
        parts = (self.amount, self.age, self.debtor_kind, self.locatability, self.assets)
        if sum(p.max for p in parts) != 100:
            raise ValueError("component maxima must sum to 100")
        floors = [t.min for t in self.tiers]
        if floors != sorted(floors, reverse=True) or floors[-1] != 0:
            raise ValueError("tiers must be listed from highest floor down to a floor of 0")
        return self

    def business_pattern(self) -> str:
        """One case-insensitive regex (Python and PostgreSQL) matching any business word whole."""
        words = sorted(self.debtor_kind.business_words, key=len, reverse=True)
        alternatives = "|".join(re.escape(word).replace(r"\ ", " ") for word in words)
        return rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])"

    def age_lower_bounds(self) -> list[int]:
        """The age bands as lower bounds (days), the shape PostgreSQL's width_bucket wants."""
        return [days + 1 for days in self.age.up_to]


def _check_bands(
    bounds: list[Decimal] | list[int], points: list[int], labels: list[str], top: int
) -> None:
    if list(bounds) != sorted(bounds) or len(set(bounds)) != len(bounds):
        raise ValueError("band bounds must be strictly increasing")
    if len(points) != len(bounds) + 1 or len(labels) != len(points):
        raise ValueError("need one more points and labels entry than bounds")
    if max(points) != top or min(points) < 0:
        raise ValueError("band points must lie between 0 and the component max")


def load_score_spec(path: Path | None = None) -> ScoreSpec:
    """The shipped v1 spec, or another spec file."""
    if path is None:
        return shipped_score_spec()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesFileError(f"Cannot read score spec {path}: {exc.strerror or exc}.") from exc
    return parse_score_spec(text, source=str(path))


@lru_cache(maxsize=1)
def shipped_score_spec() -> ScoreSpec:
    text = resources.files("dragonfly.domain").joinpath("score_v1.toml").read_text("utf-8")
    return parse_score_spec(text, source="shipped score_v1.toml")


def parse_score_spec(text: str, *, source: str) -> ScoreSpec:
    data = parse_toml(text, source)
    try:
        return ScoreSpec.model_validate(data)
    except ValidationError as exc:
        raise RulesFileError(describe_validation_error(exc, text, source, "tiers")) from exc
