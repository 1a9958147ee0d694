"""Sources a firm saved from a mapping (dashboard Intake or `dragonfly sources new`): stored in
the database so every replica detects them, alongside the shipped and folder TOML specs."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from pydantic import ValidationError

from dragonfly.core.config import Settings
from dragonfly.errors import Conflict, InputError
from dragonfly.ingest.detection import SourceNotDetected, detect_source
from dragonfly.ingest.specs import SourceSpec, load_specs
from dragonfly.services.audit import record_audit

ORIGIN = "firm (database)"


def stored_specs(conn: psycopg.Connection) -> dict[str, SourceSpec]:
    """Every source saved in the database, by name."""
    found: dict[str, SourceSpec] = {}
    for name, spec in conn.execute("select name, spec from import_sources order by name"):
        try:
            found[name] = SourceSpec.model_validate({**spec, "origin": ORIGIN})
        except ValidationError:  # a spec the current fields no longer allow is skipped, not fatal
            continue
    return found


def all_specs(conn: psycopg.Connection, settings: Settings | None = None) -> dict[str, SourceSpec]:
    """Shipped specs, the firm's folder, then the database (file specs keep their names)."""
    specs = load_specs(settings)
    for name, spec in stored_specs(conn).items():
        specs.setdefault(name, spec)
    return specs


def save_source(
    conn: psycopg.Connection, spec: SourceSpec, actor: str, settings: Settings | None = None
) -> SourceSpec:
    """Store a new firm source (audited); a name already in use is a Conflict, and so is a
    mapping of headers another source already reads as well (files like it would then fit
    both sources equally, and no longer import without --source)."""
    specs = all_specs(conn, settings)
    if spec.name in specs:
        raise Conflict(
            f"A source called '{spec.name}' already exists. Choose another name.",
            details={"field": "name"},
        )
    _refuse_a_tie(spec, specs)
    data: dict[str, Any] = spec.model_dump(exclude={"origin"})
    with conn.transaction():
        inserted = conn.execute(
            "insert into import_sources (name, title, spec, created_by) values (%s, %s, %s, %s)"
            " on conflict (name) do nothing returning name",
            (spec.name, spec.title, Jsonb(data), actor),
        ).fetchone()
        if inserted is None:
            raise Conflict(f"A source called '{spec.name}' was just saved by someone else.")
        record_audit(
            conn,
            actor=actor,
            action="import_source.create",
            entity="import_source",
            entity_id=spec.name,
            after={"title": spec.title, "columns": spec.columns,
                   "date_formats": spec.date_formats},
        )  # fmt: skip
    return spec.model_copy(update={"origin": ORIGIN})


def _refuse_a_tie(spec: SourceSpec, specs: dict[str, SourceSpec]) -> None:
    headers = [*(h for names in spec.columns.values() for h in names), *spec.ignored_columns]
    try:
        detect_source(headers, {**specs, spec.name: spec})
    except SourceNotDetected:
        tied = [n for n, other in specs.items() if _ties(other, spec, headers)]
        named = ", ".join(f"'{n}'" for n in tied) or "another source"
        raise Conflict(
            f"Files with these headers are already read as {named}; a second source for them "
            "would leave such files fitting both. Import them as that source.",
            details={"field": "name"},
        ) from None


def _ties(other: SourceSpec, spec: SourceSpec, headers: list[str]) -> bool:
    """Whether `other` reads `headers` exactly as well as the new `spec` does."""
    try:
        detect_source(headers, {other.name: other, spec.name: spec})
    except SourceNotDetected:
        return True
    return False


def check_name(name: str) -> str:
    name = name.strip()
    if (
        not name
        or len(name) > 40
        or not name[0].isalpha()
        or not all(c.islower() or c.isdigit() or c == "_" for c in name)
    ):
        raise InputError.in_field(
            "name",
            f"The source name '{name}' is not usable: use lower-case letters, digits and _ "
            "(starting with a letter, at most 40), e.g. acme_export.",
        )
    return name
