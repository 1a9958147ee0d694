"""`dragonfly rules`: the rules table in force (shipped, or the firm's DRAGONFLY_RULES copy)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.rules import Rules, load_rules


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)


def rules(
    file: Path | None = typer.Option(
        None, "--file", help="Check and list this rules file instead of the one in force."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List every legal number and policy the domain uses, with its citation.

    Exit codes: 0 listed; 2 the rules file is unreadable or invalid (the message names the line).
    """
    table = load_rules(file) if file else rules_in_force()
    if as_json:
        emit_json({"source": table.source, "rules": [r.model_dump(mode="json") for r in table]})
    else:
        show(table)


def show(table: Rules) -> None:
    view = Table(title=f"Rules table ({table.source})", show_lines=False)
    view.add_column("Rule", no_wrap=True)
    for column in ("Value", "Unit", "Effective from", "Kind", "Citation"):
        view.add_column(column, overflow="fold")
    for rule in table:
        view.add_row(
            rule.name,
            str(rule.value),
            rule.unit,
            str(rule.effective_from),
            rule.kind,
            rule.citation,
        )
    console.print(view)
