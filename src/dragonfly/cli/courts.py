"""`dragonfly courts`: the court registry, and how a court name in a file resolves."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.domain.counties import resolve_county
from dragonfly.domain.courts import KINDS, Court, court, courts, kind_code, resolve
from dragonfly.errors import InputError, NotFound

courts_app = typer.Typer(
    help="The court registry: every New York court that enters money judgments.",
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(courts_app, name="courts")


def _as_dict(found: Court) -> dict[str, Any]:
    return {
        "code": found.code,
        "name": found.name,
        "kind": found.kind,
        "kind_name": found.kind_name,
        "county_code": found.county_code,
        "county": found.county_name,
        "district": found.district,
        "place": found.place,
        "legacy": found.legacy,
        "listed_as": list(found.listed_as),
    }


def _county(text: str | None, option: str = "--county") -> str | None:
    if text is None:
        return None
    code = resolve_county(text)
    if code is None:
        raise InputError.in_field(option, f"'{text}' is not a New York county or borough")
    return code


@courts_app.command(
    "list",
    help="List courts, optionally of one kind and/or county. Exit codes: 0 listed;"
    " 2 the kind or county is not one Dragonfly knows.",
)
def list_courts(
    kind: str | None = typer.Option(
        None, "--kind", help="Supreme, County, Civil, District, City, Town, Village (or a code)."
    ),
    county: str | None = typer.Option(None, "--county", help="A county or borough: Kings."),
    as_json: bool = AsJson,
) -> None:
    kind_filter = kind_code(kind) if kind is not None else None
    if kind is not None and kind_filter is None:
        raise InputError.in_field(
            "--kind", f"'{kind}' is not a kind of court; one of: {', '.join(KINDS.values())}"
        )
    found = courts(kind_filter, _county(county))
    if as_json:
        emit_json([_as_dict(c) for c in found])
        return
    table = Table("code", "court", "kind", "county", title=f"{len(found):,} courts")
    for c in found:
        name = f"{c.name} [dim](legacy)[/]" if c.legacy else c.name
        table.add_row(c.code, name, c.kind_name, c.county_name or "")
    console.print(table)


@courts_app.command(
    "show",
    help="Show one court by its code, with the listing's spellings. Exit codes: 0 shown;"
    " 1 no court has that code.",
)
def show_court(
    code: str = typer.Argument(..., help="A court code, e.g. SUP-KINGS or TOWN-ALBANY-BERNE."),
    as_json: bool = AsJson,
) -> None:
    found = court(code)
    if found is None:
        raise NotFound(f"No court has the code '{code}'. `dragonfly courts list` lists them.")
    if as_json:
        emit_json(_as_dict(found))
        return
    _print_court(found)


def _print_court(found: Court) -> None:
    console.print(f"[bold]{found.name}[/] ({found.code})", highlight=False)
    console.print(f"Kind: {found.kind_name}", highlight=False)
    if found.county_name:
        console.print(f"County: {found.county_name}", highlight=False)
    if found.district:
        console.print(f"District: {found.district}", highlight=False)
    if found.listed_as:
        console.print(f"Listed as: {', '.join(found.listed_as)}", highlight=False)
    if found.legacy:
        console.print("Legacy code kept from before the registry; imports no longer produce it.")


@courts_app.command(
    "resolve",
    help="Which court a name written in a file means. Exit codes: 0 one court; 2 the name is"
    " unknown, fits several courts, names a court that does not exist or one in another county"
    " (the message says which, with the reason code).",
)
def resolve_court(
    text: str = typer.Argument(..., help='The court as written, e.g. "BERNE T.J.".'),
    county: str | None = typer.Option(None, "--county", help="The row's county, if any."),
    as_json: bool = AsJson,
) -> None:
    if not text.strip():
        raise InputError.in_field("text", "give the court's name as the file writes it")
    found = resolve(text, _county(county))
    if isinstance(found, Court):
        if as_json:
            emit_json(_as_dict(found))
        else:
            _print_court(found)
        return
    if as_json:
        emit_json(
            {
                "error": {"code": found.reason, "message": found.detail},
                "candidates": [_as_dict(c) for c in found.candidates],
            }
        )
        raise typer.Exit(2)
    raise InputError(f"{found.reason}: {found.detail}")
