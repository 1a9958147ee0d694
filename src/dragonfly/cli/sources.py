"""`dragonfly sources`: the import source specs Dragonfly knows (shipped and the firm's own)."""

from __future__ import annotations

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.ingest import get_spec, load_specs

sources_app = typer.Typer(
    help="Import source specs: header aliases, required fields and date formats per format.",
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(sources_app, name="sources")


@sources_app.command("list", help="List every source spec.")
def list_sources(as_json: bool = AsJson) -> None:
    specs = load_specs()
    if as_json:
        emit_json([spec.model_dump() for spec in specs.values()])
        return
    table = Table("name", "title", "layout", "required fields", "origin")
    for spec in sorted(specs.values(), key=lambda s: s.name):
        table.add_row(spec.name, spec.title, spec.layout, ", ".join(spec.required), spec.origin)
    console.print(table)


@sources_app.command("show", help="Show one source spec: which header feeds which field.")
def show_source(
    name: str = typer.Argument(..., help="Source name."), as_json: bool = AsJson
) -> None:
    spec = get_spec(name)
    if as_json:
        emit_json(spec.model_dump())
        return
    console.print(f"[bold]{spec.name}[/]: {spec.title} ({spec.origin})", highlight=False)
    if spec.description:
        console.print(spec.description, highlight=False)
    console.print(f"Date formats: {', '.join(spec.date_formats)}", highlight=False)
    table = Table("field", "headers accepted", "required")
    for field, aliases in spec.columns.items():
        table.add_row(field, " | ".join(aliases), "yes" if field in spec.required else "")
    console.print(table)
    if spec.ignored_columns:
        console.print(f"Known but not imported: {', '.join(spec.ignored_columns)}", highlight=False)
