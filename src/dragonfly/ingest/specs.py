"""Source specs: declarative TOML files mapping a vendor's headers onto the canonical fields.

The shipped specs live in `dragonfly/ingest/sources/`; a firm adds its own in the folder named
by the `DRAGONFLY_SOURCES_DIR` setting (a spec there with a shipped spec's name replaces it).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dragonfly.core.config import Settings, get_settings
from dragonfly.errors import ConfigError, InputError

SHIPPED_DIR = Path(__file__).resolve().parent / "sources"

FIELDS_FILE = SHIPPED_DIR / "fields.toml"


@cache
def _shared_fields() -> tuple[dict[str, str], dict[str, list[str]]]:
    data = tomllib.loads(FIELDS_FILE.read_text(encoding="utf-8"))["fields"]
    described = {name: str(entry["description"]) for name, entry in data.items()}
    aliases = {name: [name, *entry.get("aliases", [])] for name, entry in data.items()}
    return described, aliases


# Every field a spec may map a column onto, with what it holds (sources/fields.toml).
CANONICAL_FIELDS: dict[str, str] = _shared_fields()[0]
# The header names every source accepts for each field, best first.
SHARED_ALIASES: dict[str, list[str]] = _shared_fields()[1]
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
    # At least one of these fields needs a column (the generic source: court or county).
    required_one_of: list[str] = Field(default_factory=list)
    # Detection: a fallback source is used only when no source claims the file as its own.
    fallback: bool = False
    origin: str = "shipped"
    # Bound to one file's header row (see bind): `columns` holds that file's headers only.
    bound: bool = Field(default=False, exclude=True)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(columns) - set(CANONICAL_FIELDS))
        unknown += [f"{f} (no header)" for f, names in columns.items() if not names]
        if unknown:
            raise ValueError(f"unknown canonical field(s): {', '.join(unknown)}")
        return columns

    @model_validator(mode="after")
    def _required_are_mapped(self) -> SourceSpec:
        missing = [f for f in self.required if f not in self.columns]
        if missing and not self.fallback:
            raise ValueError(f"required field(s) without a column: {', '.join(missing)}")
        if self.layout == "party_per_row" and not {"party_role", "party_name"} <= set(self.columns):
            raise ValueError("a party_per_row spec maps party_role and party_name")
        return self

    def own_headers(self) -> set[str]:
        """Folded headers this source names itself (its columns and ignored columns)."""
        own = {header_key(a) for names in self.columns.values() for a in names}
        return own | {header_key(h) for h in self.ignored_columns}

    def known_headers(self) -> set[str]:
        """Folded headers this source understands, used or not."""
        return set(self.aliases()) | {header_key(h) for h in self.ignored_columns}

    def aliases(self) -> dict[str, str]:
        """Folded header -> canonical field: the source's own names, then the shared ones.

        The source's ignored columns stay ignored even when a shared alias names them."""
        ranked = self.ranked_aliases()
        return {key: field for key, (field, _) in ranked.items()}

    def ranked_aliases(self) -> dict[str, tuple[str, int]]:
        """Folded header -> (field, rank); a lower rank is a better name for the field."""
        found: dict[str, tuple[str, int]] = {}
        for field, names in self.columns.items():
            for rank, name in enumerate(names):
                found.setdefault(header_key(name), (field, rank))
        if self.bound:
            return found
        ignored = {header_key(h) for h in self.ignored_columns}
        for field, names in SHARED_ALIASES.items():
            for rank, name in enumerate(names, start=1000):
                key = header_key(name)
                if key not in ignored:
                    found.setdefault(key, (field, rank))
        return found

    def field_columns(self, headers: list[str]) -> dict[str, str]:
        """Canonical field -> the one header of `headers` that feeds it (the best-named one)."""
        ranked = self.ranked_aliases()
        best: dict[str, tuple[int, str]] = {}
        for header in headers:
            hit = ranked.get(header_key(header))
            if hit is None:
                continue
            field, rank = hit
            if field not in best or rank < best[field][0]:
                best[field] = (rank, header)
        return {field: header for field, (_, header) in best.items()}

    def bind(self, headers: list[str]) -> SourceSpec:
        """This spec for one file: `columns` names exactly the file's headers it reads."""
        columns = {field: [header] for field, header in self.field_columns(headers).items()}
        return self.model_copy(update={"columns": columns, "bound": True})


NUMBER_WORDS = {"number", "num", "nbr", "no", "nos", "numbers"}
# Abbreviations read as the word they stand for, so one alias covers every spelling.
WORD_FORMS = {
    **dict.fromkeys(NUMBER_WORDS, "no"),
    "amt": "amount", "amnt": "amount", "amounts": "amount",
    "jdgmt": "judgment", "jdgt": "judgment", "jgmt": "judgment", "judgement": "judgment",
    "judgmt": "judgment", "jdgment": "judgment", "jdg": "judgment", "jmt": "judgment",
    "def": "defendant", "dft": "defendant", "deft": "defendant", "defs": "defendants",
    "plf": "plaintiff", "pltf": "plaintiff", "pl": "plaintiff", "plfs": "plaintiffs",
    "pltfs": "plaintiffs", "dt": "date", "addr": "address", "tel": "phone",
    "telephone": "phone", "ph": "phone", "cnty": "county", "idx": "index", "ref": "reference",
    "zipcode": "zip", "postcode": "zip", "cred": "creditor", "dbtr": "debtor",
}  # fmt: skip
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORDS = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=8192)
def header_key(header: str) -> str:
    """How headers are compared: case, spaces, punctuation, accents and the usual abbreviations
    do not matter, and CamelCase is read as words ("IndexNumber" = "Index No." = "index_number").
    """
    text = header.replace("\ufeff", "").strip()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _CAMEL.sub(" ", text).replace("#", " no ").replace("&", " and ").lower()
    text = text.replace("e-mail", "email").replace("(s)", "s")
    return "".join(WORD_FORMS.get(word, word) for word in _WORDS.findall(text))


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
    paths = [p for p in sorted(directory.glob("*.toml")) if p != FIELDS_FILE]
    specs = [_load_file(p, origin) for p in paths]
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
