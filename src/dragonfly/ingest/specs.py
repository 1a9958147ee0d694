"""Source specs: declarative TOML files mapping a vendor's headers onto the canonical fields.

The shipped specs live in `dragonfly/ingest/sources/`; a firm adds its own in the folder named
by the `DRAGONFLY_SOURCES_DIR` setting (a spec there with a shipped spec's name replaces it).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dragonfly.core.config import Settings, get_settings
from dragonfly.errors import ConfigError, InputError

SHIPPED_DIR = Path(__file__).resolve().parent / "sources"

# Every field a spec may map a column onto, with what it holds.
CANONICAL_FIELDS: dict[str, str] = {
    "index_number": "Court index / case number (part of the judgment's identity)",
    "court": "Court name, e.g. 'Kings County Civil Court'",
    "county": "County or borough name, e.g. 'Kings' or 'Brooklyn'",
    "state": "Two-letter state; NY when absent",
    "entry_date": "Date the judgment was entered",
    "principal": "Judgment amount awarded",
    "costs": "Costs and disbursements added to the judgment",
    "interest_regime": "standard | consumer (standard when absent)",
    "case_title": "Caption, e.g. 'Acme v. Smith'",
    "external_ref": "The vendor's own id for the row (lead id, judgment number)",
    "plaintiff_name": "Judgment creditor",
    "plaintiff_address": "Creditor street address (or the whole address on one line)",
    "plaintiff_city": "Creditor city",
    "plaintiff_state": "Creditor state",
    "plaintiff_zip": "Creditor ZIP",
    "plaintiff_phone": "Creditor phone",
    "plaintiff_email": "Creditor email",
    "plaintiff_contact_method": "Creditor's preferred contact method",
    "debtor_name": "Judgment debtor",
    "debtor_address": "Debtor street address (or the whole address on one line)",
    "debtor_city": "Debtor city",
    "debtor_state": "Debtor state",
    "debtor_zip": "Debtor ZIP",
    "debtor_phone": "Debtor phone",
    "party_role": "One-party-per-row files: creditor or debtor",
    "party_type": "One-party-per-row files: individual or business",
    "party_name": "One-party-per-row files: the party's name",
    "party_phone": "One-party-per-row files: the party's phone",
    "party_email": "One-party-per-row files: the party's email",
}
AMOUNT_FIELDS = ("principal", "costs")


class PartyRoles(BaseModel):
    """Values of the party_role column meaning creditor or debtor (compared case-insensitively)."""

    model_config = ConfigDict(extra="forbid")
    creditor: list[str] = Field(default_factory=lambda: ["creditor", "plaintiff"])
    debtor: list[str] = Field(default_factory=lambda: ["debtor", "defendant"])


class SourceSpec(BaseModel):
    """One source format: its header aliases, required fields and value formats."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str = ""
    columns: dict[str, list[str]]
    required: list[str]
    ignored_columns: list[str] = Field(default_factory=list)
    date_formats: list[str] = Field(min_length=1)
    thousands_separator: str = Field(default=",", max_length=1)
    currency_symbols: list[str] = Field(default_factory=lambda: ["$"])
    layout: Literal["judgment_per_row", "party_per_row"] = "judgment_per_row"
    party_roles: PartyRoles = Field(default_factory=PartyRoles)
    origin: str = "shipped"

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(columns) - set(CANONICAL_FIELDS))
        if unknown:
            raise ValueError(f"unknown canonical field(s): {', '.join(unknown)}")
        return columns

    @model_validator(mode="after")
    def _required_are_mapped(self) -> SourceSpec:
        missing = [f for f in self.required if f not in self.columns]
        if missing:
            raise ValueError(f"required field(s) without a column: {', '.join(missing)}")
        if self.layout == "party_per_row" and not {"party_role", "party_name"} <= set(self.columns):
            raise ValueError("a party_per_row spec maps party_role and party_name")
        return self

    def known_headers(self) -> set[str]:
        """Normalised headers this source is known to have, used or not."""
        return set(self.aliases()) | {header_key(h) for h in self.ignored_columns}

    def aliases(self) -> dict[str, str]:
        """Normalised header -> canonical field."""
        return {header_key(a): field for field, names in self.columns.items() for a in names}


def header_key(header: str) -> str:
    """How headers are compared: case, spaces and punctuation spacing do not matter."""
    return " ".join(header.replace("\ufeff", "").strip().lower().split())


def _load_file(path: Path, origin: str) -> SourceSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return SourceSpec.model_validate({**data, "origin": origin})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Source spec {path.name} is not valid TOML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'spec'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"Source spec {path.name} is invalid: {problems}") from exc


@cache
def _load_dir(directory: Path, origin: str) -> dict[str, SourceSpec]:
    if not directory.is_dir():
        raise ConfigError(f"Sources folder {directory} (DRAGONFLY_SOURCES_DIR) does not exist.")
    specs = [_load_file(p, origin) for p in sorted(directory.glob("*.toml"))]
    return {spec.name: spec for spec in specs}


def load_specs(settings: Settings | None = None) -> dict[str, SourceSpec]:
    """Every spec by name: the shipped ones, then the firm's own (which may replace them)."""
    settings = settings or get_settings()
    specs = dict(_load_dir(SHIPPED_DIR, "shipped"))
    if settings.dragonfly_sources_dir is not None:
        specs.update(_load_dir(settings.dragonfly_sources_dir.resolve(), "firm"))
    return specs


def get_spec(name: str, settings: Settings | None = None) -> SourceSpec:
    """The spec called `name`; the error lists the names there are."""
    specs = load_specs(settings)
    if name not in specs:
        raise InputError(f"No source called '{name}'. Sources: {', '.join(sorted(specs))}.")
    return specs[name]
