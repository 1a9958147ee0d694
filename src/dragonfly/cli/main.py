"""The root `dragonfly` command and the single place expected errors become exit codes."""

from __future__ import annotations

import sys

import typer

from dragonfly import __version__
from dragonfly.cli import (
    alerts,
    balance,
    courts,
    db,
    demo,
    imports,
    migrate,
    money,
    papers,
    release,
    rescore,
    rules,
    serve,
    sources,
    tokens,
    users,
)
from dragonfly.cli.output import fail
from dragonfly.errors import DragonflyError

app = typer.Typer(
    name="dragonfly",
    help="Dragonfly: judgment enforcement for New York civil money judgments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dragonfly {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Dragonfly: judgment enforcement for New York civil money judgments."""


for module in (
    db, migrate, rules, balance, rescore, imports, sources, courts, demo, serve, users, tokens,
    release, papers, money, alerts,
):  # fmt: skip
    module.register(app)


def run() -> None:
    """Console-script entry point: expected failures print one message, never a traceback."""
    try:
        app()  # standalone: click prints usage errors itself and exits 2
    except DragonflyError as exc:
        try:
            fail(exc.message, exc.exit_code, as_json="--json" in sys.argv, code=exc.code)
        except typer.Exit as exit_:
            sys.exit(exit_.exit_code)
    except OSError as exc:
        if exc.filename is None:
            raise
        # A file named on the command line (--out, --csv, --zip) that cannot be written or read:
        # what was recorded stays recorded; say which file and why.
        try:
            fail(
                f"Cannot use the file {exc.filename}: {exc.strerror or exc}.",
                2,
                as_json="--json" in sys.argv,
                code="bad_input",
            )
        except typer.Exit as exit_:
            sys.exit(exit_.exit_code)
