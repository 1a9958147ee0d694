"""Mapping a file's headers onto the canonical fields by hand: `--map FIELD=HEADER`, the best
guess offered for each field, a preview of the first rows as they will be read, and the spec a
saved mapping becomes (see firm_sources)."""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from dragonfly.core.config import Settings
from dragonfly.errors import InputError
from dragonfly.ingest.detection import SourceNotDetected, check_columns, detect_source
from dragonfly.ingest.files import file_sha256, read_file
from dragonfly.ingest.limits import InputLimits
from dragonfly.ingest.normalise import parse_date
from dragonfly.ingest.specs import CANONICAL_FIELDS, SourceSpec, header_key
from dragonfly.ingest.tables import RawTable, read_table
from dragonfly.ingest.validation import validate

# What every mapping must give a column: the judgment's identity, date, amount and creditor,
# and where it was entered (court, or at least the county).
MAPPING_REQUIRED = ("index_number", "entry_date", "principal", "plaintiff_name")
PLACE_FIELDS = ("court", "county")
# Fields a judgment-per-row mapping offers (party-per-row files need a source spec).
MAPPABLE = [f for f in CANONICAL_FIELDS if not f.startswith("party_")]
# Date formats offered for a mapping, month before day always (never guessed day-first).
DATE_FORMATS: dict[str, str] = {
    "%m/%d/%Y": "MM/DD/YYYY (03/15/2024)",
    "%Y-%m-%d": "YYYY-MM-DD (2024-03-15)",
    "%m/%d/%y": "MM/DD/YY (03/15/24)",
    "%m-%d-%Y": "MM-DD-YYYY (03-15-2024)",
    "%Y/%m/%d": "YYYY/MM/DD (2024/03/15)",
    "%d-%b-%Y": "DD-Mon-YYYY (15-Mar-2024)",
    "%b %d, %Y": "Mon D, YYYY (Mar 15, 2024)",
    "%B %d, %Y": "Month D, YYYY (March 15, 2024)",
    "%Y%m%d": "YYYYMMDD (20240315)",
}
PREVIEW_ROWS = 5


def parse_map_options(options: list[str]) -> dict[str, str]:
    """`FIELD=HEADER` pairs (repeatable) as {field: header}; plain messages for bad ones."""
    mapping: dict[str, str] = {}
    for option in options:
        name, sep, header = option.partition("=")
        name, header = name.strip(), header.strip()
        if not sep or not name or not header:
            raise InputError(
                f"--map '{option}' is not FIELD=HEADER, e.g. --map index_number='Docket No'."
            )
        if name in mapping:
            raise InputError(f"--map names the field {name} twice.")
        mapping[name] = header
    return mapping


def check_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """{field: the file's own header}; refuses unknown fields, headers the file does not have
    and two fields mapped onto one column. Every problem names its field."""
    by_key = {header_key(h): h for h in headers if header_key(h)}
    resolved: dict[str, str] = {}
    used: dict[str, str] = {}
    for name, header in mapping.items():
        if name not in MAPPABLE:
            raise InputError.in_field(
                name,
                f"'{name}' is not a field a mapping can fill. Fields: {', '.join(MAPPABLE)}.",
            )
        actual = by_key.get(header_key(header))
        if actual is None:
            raise InputError.in_field(
                name,
                f"{name} is mapped to the column '{header}', which the file does not have. "
                f"Its columns: {', '.join(repr(h) for h in headers if h.strip())}.",
            )
        if actual in used:
            raise InputError.in_field(
                name,
                f"{used[actual]} and {name} are both mapped to the column '{actual}'; "
                "a column feeds one field.",
            )
        used[actual] = name
        resolved[name] = actual
    return resolved


def missing_required(columns: dict[str, str] | dict[str, list[str]]) -> list[str]:
    """Required fields a mapping leaves without a column ('court or county' for the place)."""
    missing = [f for f in MAPPING_REQUIRED if f not in columns]
    if not any(f in columns for f in PLACE_FIELDS):
        missing.append(" or ".join(PLACE_FIELDS))
    return missing


def apply_mapping(spec: SourceSpec, headers: list[str], mapping: dict[str, str]) -> SourceSpec:
    """`spec` bound to this file, with the mapped fields read from the named columns instead;
    a mapped column feeds only its field. Refuses a result without the required fields."""
    resolved = check_mapping(mapping, headers)
    taken = set(resolved.values())
    columns = {
        f: header for f, header in spec.field_columns(headers).items() if header not in taken
    }
    columns.update(resolved)
    bound = spec.model_copy(update={"columns": {f: [h] for f, h in columns.items()}, "bound": True})
    missing = [f for f in spec.required if f not in columns]
    if spec.required_one_of and not set(columns) & set(spec.required_one_of):
        missing.append(" or ".join(spec.required_one_of))
    if missing:
        first = missing[0].split(" or ")[0]
        raise InputError.in_field(
            first,
            f"The mapping leaves no column for {', '.join(missing)}; map them with "
            f"--map FIELD=HEADER (for example --map {first}='...').",
        )
    check_columns(bound, headers)
    return bound


def guess_columns(headers: list[str], specs: dict[str, SourceSpec]) -> dict[str, str]:
    """The best guess of a column for each field: the aliases (a detected source's own first),
    then a close spelling for a field still without one."""
    try:
        base = detect_source(headers, specs)
    except SourceNotDetected:
        base = next(s for s in specs.values() if s.fallback)
    guess = base.field_columns(headers)
    guess = {f: h for f, h in guess.items() if f in MAPPABLE}
    taken = set(guess.values())
    free = {header_key(h): h for h in headers if h not in taken and header_key(h)}
    for name in MAPPING_REQUIRED + PLACE_FIELDS:
        if name in guess or not free:
            continue
        names = [key for key, (f, _) in base.ranked_aliases().items() if f == name]
        close = [m for n in names for m in difflib.get_close_matches(n, list(free), 1, 0.8)]
        if close:
            guess[name] = free.pop(close[0])
    return guess


def guess_date_format(values: list[str]) -> str:
    """The offered format reading the most of `values` (the first offered on a tie)."""
    sample = pl.Series("d", [v for v in values if v][:200], dtype=pl.String)
    if sample.is_empty():
        return next(iter(DATE_FORMATS))
    frame = sample.to_frame()
    scores = {
        fmt: int(frame.select(parse_date(pl.col("d"), [fmt]).is_not_null().sum()).item())
        for fmt in DATE_FORMATS
    }
    return max(DATE_FORMATS, key=lambda fmt: scores[fmt])


def check_date_format(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in DATE_FORMATS:
        raise InputError.in_field(
            "date_format",
            f"The date format '{value}' is not one offered: {', '.join(DATE_FORMATS)}.",
        )
    return value


def mapped_spec(
    name: str, title: str, headers: list[str], columns: dict[str, str], date_format: str
) -> SourceSpec:
    """The source a mapping saves: the sample's own headers for each field (which lets
    detection recognise the next such file), the others known and ignored."""
    resolved = check_mapping(columns, headers)
    missing = missing_required(resolved)
    if missing:
        first = missing[0].split(" or ")[0]
        raise InputError.in_field(
            first,
            f"A source needs a column for {', '.join(missing)}; choose one for each "
            "(--map FIELD=HEADER on the command line).",
        )
    used = set(resolved.values())
    return SourceSpec(
        name=name,
        title=title,
        description="Mapped from a sample file.",
        columns={f: [h] for f, h in resolved.items()},
        required=list(MAPPING_REQUIRED),
        required_one_of=list(PLACE_FIELDS),
        ignored_columns=[h for h in headers if h.strip() and h not in used],
        date_formats=[date_format],
        origin="firm (database)",
    )


@dataclass
class Preview:
    headers: list[str]
    detected: str | None
    detection_message: str
    columns: dict[str, str]
    date_format: str
    missing: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "headers": self.headers,
            "detected": self.detected,
            "detection_message": self.detection_message,
            "fields": [
                {
                    "field": f,
                    "description": CANONICAL_FIELDS[f],
                    "required": f in MAPPING_REQUIRED,
                    "header": self.columns.get(f),
                }
                for f in MAPPABLE
            ],
            "date_format": self.date_format,
            "date_formats": [{"value": k, "label": v} for k, v in DATE_FORMATS.items()],
            "missing": self.missing,
            "rows": self.rows,
        }


def preview(
    table: RawTable,
    specs: dict[str, SourceSpec],
    today: date,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
) -> Preview:
    """How the first rows read under `columns` (or the best guess), without writing anything."""
    headers = table.headers
    detected: SourceSpec | None = None
    try:
        found = detect_source(headers, specs)
        detected, message = found, f"This file matches the source '{found.name}' ({found.title})."
    except SourceNotDetected as exc:
        message = exc.message
    if columns is not None:
        chosen = check_mapping(columns, headers)
    else:
        chosen = guess_columns(headers, specs)
    entry = chosen.get("entry_date")
    if date_format is None:
        column = table.frame.get_column(f"c{headers.index(entry)}") if entry else None
        values = column.head(200).to_list() if column is not None else []
        date_format = guess_date_format([v for v in values if v])
    missing = missing_required(chosen)
    name = detected.name if detected else None
    out = Preview(headers, name, message, chosen, date_format, missing)
    if missing:
        return out
    spec = SourceSpec(
        name="preview", title="Preview", columns={f: [h] for f, h in chosen.items()},
        required=list(MAPPING_REQUIRED), required_one_of=list(PLACE_FIELDS),
        date_formats=[date_format], bound=True,
    )  # fmt: skip
    sample = RawTable(headers, table.frame.head(PREVIEW_ROWS), table.typed_dates)
    checked = validate(sample, spec, today)
    out.rows = _preview_rows(checked.clean, checked.rejects)
    return out


def _preview_rows(clean: pl.DataFrame, rejects: pl.DataFrame) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in clean.iter_rows(named=True):
        rows.append({
            "line_number": r["line_number"],
            "index_number": r["index_number"],
            "court": r["court_name"],
            "county": r["county_code"],
            "entry_date": r["entry_date_value"].isoformat() if r["entry_date_value"] else None,
            "principal": r["principal_value"],
            "costs": r["costs_value"],
            "interest_regime": r["interest_regime"],
            "plaintiff_name": r["plaintiff_name"],
            "debtor_name": r["debtor_name"],
            "reason": None,
            "detail": None,
        })  # fmt: skip
    for r in rejects.iter_rows(named=True):
        rows.append({"line_number": r["line_number"], "reason": r["reason_code"],
                     "detail": r["detail"]})  # fmt: skip
    return sorted(rows, key=lambda row: int(row["line_number"]))


def read_sample(path: Path, settings: Settings) -> RawTable:
    """A sample file as a table, read exactly as an import would read it (the same limits)."""
    limits = InputLimits.from_settings(settings)
    sha256 = file_sha256(path, settings.dragonfly_import_max_bytes)
    return read_table(read_file(path, limits, sha256), limits)


def read_upload(filename: str, content: bytes, settings: Settings) -> RawTable:
    """An uploaded sample as a table, read exactly as an import would read it."""
    with tempfile.TemporaryDirectory(prefix="dragonfly-mapping-") as folder:
        path = Path(folder) / Path(filename).name
        path.write_bytes(content)
        return read_sample(path, settings)
