"""The court registry for pick lists: every court that enters money judgments, by county/kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import CurrentUser
from dragonfly.domain.counties import resolve_county
from dragonfly.domain.courts import Court, courts, kind_code
from dragonfly.errors import InputError

router = APIRouter(prefix="/api/v1/courts", tags=["courts"])
Text = Annotated[str, Field(max_length=200)]


class CourtOut(BaseModel):
    code: str
    name: str
    kind: str
    kind_name: str
    county_code: str | None
    county: str | None = Field(description="The county as people write it: New York, St. Lawrence")
    district: int | None
    legacy: bool


def court_out(found: Court) -> CourtOut:
    return CourtOut(
        code=found.code,
        name=found.label,
        kind=found.kind,
        kind_name=found.kind_name,
        county_code=found.county_code,
        county=found.county_name,
        district=found.district,
        legacy=found.legacy,
    )


@router.get("", response_model=list[CourtOut], summary="Courts, by county and/or kind")
def courts_index(
    user: CurrentUser, county: Text | None = None, kind: Text | None = None
) -> list[CourtOut]:
    """The registry's courts; `county` and `kind` take what a person types (`Brooklyn`,
    `Supreme`). Legacy codes kept from before the registry are included, flagged."""
    county_code = resolve_county(county) if county else None
    if county and county_code is None:
        raise InputError.in_field("county", f"'{county}' is not a New York county or borough")
    kind_filter = kind_code(kind) if kind else None
    if kind and kind_filter is None:
        raise InputError.in_field("kind", f"'{kind}' is not a kind of court")
    return [court_out(c) for c in courts(kind_filter, county_code)]
