"""`dragonfly sources`: the import source specs Dragonfly knows (shipped, the firm's folder and
the ones saved in the database), and `sources new` to map a sample file once."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from dragonfly.cli.output import console, emit_json, error_console
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import get_settings
from dragonfly.core.database import connect, resolve_database_url
from dragonfly.errors import DragonflyError, InputError
from dragonfly.ingest import SourceSpec, load_specs
from dragonfly.ingest.batches import database_errors
from dragonfly.ingest.firm_sources import all_specs, check_name, save_source
from dragonfly.ingest.mapping import (
    DATE_FORMATS,
    MAPPABLE,
    MAPPING_REQUIRED,
    check_date_format,
    check_mapping,
    mapped_spec,
    parse_map_options,
    preview,
    read_sample,
)
from dragonfly.ingest.specs import CANONICAL_FIELDS, SHARED_ALIASES

sources_app = typer.Typer(
    help="Import source specs: header aliases, required fields and date formats per format.",
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(sources_app, name="sources")


def _known_specs() -> tuple[dict[str, SourceSpec], str]:
    """Every spec, with the database's when one is configured and reachable."""
    try:
        url = resolve_database_url()
        with connect(url) as conn, database_errors("Reading saved sources"):
            return all_specs(conn), ""
    except DragonflyError as exc:
        return load_specs(), f"Sources saved in the database are not shown: {exc.message}"


@sources_app.command("list", help="List every source spec.")
def list_sources(as_json: bool = AsJson) -> None:
    specs, note = _known_specs()
    if as_json:
        emit_json([spec.model_dump() for spec in specs.values()])
        return
    table = Table("name", "title", "layout", "required fields", "origin")
    for spec in sorted(specs.values(), key=lambda s: s.name):
        table.add_row(
            spec.name, escape(spec.title), spec.layout, ", ".join(spec.required), spec.origin
        )
    console.print(table)
    if note:
        error_console.print(note, highlight=False)


@sources_app.command("show", help="Show one source spec: which header feeds which field.")
def show_source(
    name: str = typer.Argument(..., help="Source name."), as_json: bool = AsJson
) -> None:
    specs, _ = _known_specs()
    if name not in specs:
        raise InputError(f"No source called '{name}'. Sources: {', '.join(sorted(specs))}.")
    spec = specs[name]
    if as_json:
        emit_json(spec.model_dump())
        return
    console.print(f"[bold]{spec.name}[/]: {escape(spec.title)} ({spec.origin})", highlight=False)
    if spec.description:
        console.print(spec.description, highlight=False, markup=False)
    console.print(f"Date formats: {', '.join(spec.date_formats)}", highlight=False)
    table = Table("field", "this source's headers", "required")
    for field, aliases in spec.columns.items():
        table.add_row(field, escape(" | ".join(aliases)), "yes" if field in spec.required else "")
    console.print(table)
    if spec.ignored_columns:
        console.print(
            f"Known but not imported: {', '.join(spec.ignored_columns)}",
            highlight=False,
            markup=False,
        )
    console.print(
        "Every source also reads the shared header names (`dragonfly sources fields`).",
        highlight=False,
    )


@sources_app.command("fields", help="The canonical fields and the header names all sources read.")
def show_fields(as_json: bool = AsJson) -> None:
    if as_json:
        emit_json(
            [
                {"field": f, "description": CANONICAL_FIELDS[f], "aliases": SHARED_ALIASES[f]}
                for f in CANONICAL_FIELDS
            ]
        )
        return
    table = Table("field", "holds", "headers read (case, spaces and punctuation ignored)")
    for field, description in CANONICAL_FIELDS.items():
        table.add_row(field, description, " | ".join(SHARED_ALIASES[field]))
    console.print(table)


def _ask_columns(headers: list[str], guess: dict[str, str]) -> dict[str, str]:
    """Ask for each field's column in a terminal; Enter keeps the guess, '-' leaves it out."""
    console.print("Columns in the file:", highlight=False)
    for number, header in enumerate(headers, start=1):
        console.print(f"  {number:>2}. {header}", highlight=False, markup=False)
    console.print(
        "For each field, type a column's number or name; Enter keeps the suggestion in "
        "brackets; '-' leaves the field out.",
        highlight=False,
    )
    chosen: dict[str, str] = {}
    for field in MAPPABLE:
        suggestion = guess.get(field, "-")
        mark = " (required)" if field in MAPPING_REQUIRED else ""
        while True:
            answer = typer.prompt(f"{field}{mark}", default=suggestion).strip()
            if answer == "-":
                break
            if answer.isdigit() and 1 <= int(answer) <= len(headers):
                answer = headers[int(answer) - 1]
            try:
                check_mapping({**chosen, field: answer}, headers)
            except InputError as exc:
                error_console.print(exc.message, highlight=False, markup=False)
                continue
            chosen[field] = answer
            break
    return chosen


def _ask_date_format(suggested: str) -> str:
    formats = list(DATE_FORMATS)
    for number, fmt in enumerate(formats, start=1):
        console.print(f"  {number}. {DATE_FORMATS[fmt]}", highlight=False)
    default = str(formats.index(suggested) + 1)
    while True:
        answer = typer.prompt("Date format (number)", default=default).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(formats):
            return formats[int(answer) - 1]
        error_console.print(f"Choose 1 to {len(formats)}.", highlight=False)


@sources_app.command(
    "new",
    help="Make a source from a sample file, saved in the database so every server detects "
    "files like it. In a terminal it asks for each field's column (suggesting one); otherwise "
    "it takes the suggestions plus --map FIELD=HEADER and --date-format.",
)
def new_source(
    name: str = typer.Argument(..., help="Name for the source, e.g. acme_export."),
    sample: Path = typer.Option(..., "--from", help="A sample file from this source."),
    maps: list[str] = typer.Option(
        [], "--map", metavar="FIELD=HEADER", help="Read FIELD from column HEADER (repeatable)."
    ),
    date_format: str | None = typer.Option(
        None, "--date-format", help=f"One of: {', '.join(DATE_FORMATS)} (guessed when absent)."
    ),
    title: str | None = typer.Option(None, "--title", help="A readable title."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the source; save nothing."),
    as_json: bool = AsJson,
) -> None:
    name = check_name(name)
    fmt = check_date_format(date_format)
    explicit = parse_map_options(maps)
    table = read_sample(sample, get_settings())
    url = resolve_database_url()
    with connect(url) as conn, database_errors("Saving the source"):
        specs = all_specs(conn)
        guessed = preview(table, specs, today_in_new_york(), None, fmt)
        columns = {**guessed.columns, **check_mapping(explicit, table.headers)}
        # A column named with --map feeds only the field it was given to.
        taken = {h: f for f, h in check_mapping(explicit, table.headers).items()}
        columns = {f: h for f, h in columns.items() if taken.get(h, f) == f}
        interactive = sys.stdin.isatty() and not as_json
        if interactive:
            columns = _ask_columns(table.headers, columns)
        shown = preview(table, specs, today_in_new_york(), columns, fmt)
        chosen_format = fmt or (_ask_date_format(shown.date_format) if interactive else None)
        chosen_format = chosen_format or shown.date_format
        spec = mapped_spec(name, title or name.replace("_", " ").title(), table.headers,
                           columns, chosen_format)  # fmt: skip
        if not dry_run:
            spec = save_source(conn, spec, "cli")
            conn.commit()
    if as_json:
        emit_json({"saved": not dry_run, "source": spec.model_dump()})
        return
    _print_new(spec, dry_run)


def _print_new(spec: SourceSpec, dry_run: bool) -> None:
    table = Table("field", "column", title=escape(f"Source {spec.name}: {spec.title}"))
    for field, headers in spec.columns.items():
        table.add_row(field, escape(headers[0]))
    console.print(table)
    console.print(f"Dates read as {DATE_FORMATS[spec.date_formats[0]]}.", highlight=False)
    if dry_run:
        console.print("Dry run: nothing saved.", highlight=False)
    else:
        console.print(
            f"Saved. Files with these headers are now detected as '{spec.name}'.", highlight=False
        )
