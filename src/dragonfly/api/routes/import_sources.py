"""Import sources: preview how a file's columns map onto the fields, and save a mapping as a
firm source (stored in the database, so every replica detects files like it)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from dragonfly.api.deps import Conn, CurrentUser, Writer
from dragonfly.core.clock import today_in_new_york
from dragonfly.errors import InputError
from dragonfly.ingest.firm_sources import all_specs, check_name, save_source
from dragonfly.ingest.mapping import check_date_format, mapped_spec, preview, read_upload
from dragonfly.jobs.uploads import upload_filename

router = APIRouter(prefix="/api/v1/import-sources", tags=["imports"])


class SourceOut(BaseModel):
    name: str
    title: str
    origin: str
    layout: str
    required: list[str]
    columns: dict[str, list[str]]
    date_formats: list[str]


class NewSource(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    headers: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(min_length=1)]
    columns: dict[str, Annotated[str, Field(min_length=1, max_length=1000)]]
    date_format: str


def _columns_form(value: str | None) -> dict[str, str] | None:
    if value is None or not value.strip():
        return None
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()
    ):
        raise InputError.in_field(
            "columns", 'columns must be a JSON object of field to header, e.g. {"court": "Venue"}.'
        )
    return {k: v for k, v in parsed.items() if v.strip()}


def _read_limited(file: UploadFile, limit: int) -> bytes:
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise InputError.in_field(
            "file", f"The file is larger than the {limit // 1_000_000} MB upload limit."
        )
    if not content:
        raise InputError.in_field("file", "The uploaded file is empty.")
    return content


@router.get("", response_model=list[SourceOut])
def sources_index(user: CurrentUser, conn: Conn) -> list[dict[str, Any]]:
    """Every source: shipped, the firm's folder, and those saved from a mapping."""
    return [spec.model_dump() for spec in all_specs(conn).values()]


@router.post("/preview")
def sources_preview(
    request: Request,
    user: Writer,
    conn: Conn,
    file: Annotated[UploadFile, File(description="The file to map (CSV, TSV or Excel)")],
    columns: Annotated[
        str | None, Form(description="JSON {field: header}; best guess if absent")
    ] = None,
    date_format: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """The file's headers, the source it matches (if any), each field's column (the best guess
    unless `columns` is given), the date format, and the first rows as they would be read.
    Nothing is written."""
    settings = request.app.state.settings
    content = _read_limited(file, settings.dragonfly_import_max_bytes)
    table = read_upload(upload_filename(file.filename), content, settings)
    shown = preview(
        table, all_specs(conn, settings), today_in_new_york(), _columns_form(columns),
        check_date_format(date_format),
    )  # fmt: skip
    return shown.as_dict()


@router.post("", response_model=SourceOut, status_code=201)
def sources_create(request: Request, body: NewSource, user: Writer, conn: Conn) -> dict[str, Any]:
    """Save a mapping as a firm source (audited); files with these headers are detected as it."""
    name = check_name(body.name)
    date_format = check_date_format(body.date_format)
    if date_format is None:
        raise InputError.in_field("date_format", "Choose the date format of the file.")
    columns = {f: h for f, h in body.columns.items() if h.strip()}
    spec = mapped_spec(name, body.title.strip(), body.headers, columns, date_format)
    saved = save_source(conn, spec, user.email, request.app.state.settings)
    return saved.model_dump()
