"""`dragonfly import`: import files, list batches, export a batch's rejected rows."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from dragonfly.cli.output import console, emit_json, error_console
from dragonfly.core.database import connect, resolve_database_url
from dragonfly.errors import DragonflyError
from dragonfly.ingest import ImportResult, NotApplied, import_file, list_batches, list_rejects
from dragonfly.ingest.batches import database_errors, write_rejects_csv
from dragonfly.ingest.mapping import parse_map_options
from dragonfly.ingest.regimes import import_default

EXIT_CODES = (
    "Exit codes: 0 imported (or already imported: nothing to do); 2 bad input (unreadable file, "
    "unknown source, too many rejected rows: nothing imported); 3 database error (nothing "
    "imported)."
)


class _ImportGroup(TyperGroup):
    """`dragonfly import PATH...` runs `import run PATH...`; named subcommands still work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


import_app = typer.Typer(
    cls=_ImportGroup,
    help="Import judgment files (CSV, TSV, XLSX; plain or gzip) and review batches.\n\n"
    "Usage: dragonfly import PATH... [--source auto|NAME] [--map FIELD=HEADER]... "
    "[--interest-regime standard|consumer] [--dry-run] [--json]\n\n" + EXIT_CODES,
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts (no progress bar).")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(import_app, name="import")


@import_app.command("run", help=f"Import one or more files.\n\n{EXIT_CODES}")
def run(
    paths: list[Path] = typer.Argument(..., help="Files to import, in order."),
    source: str = typer.Option("auto", "--source", help="auto (detect from the header) or a name."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and count; write nothing."),
    max_reject_rate: float = typer.Option(
        0.10, "--max-reject-rate", help="Refuse a file when more than this share of rows fail."
    ),
    maps: list[str] = typer.Option(
        [],
        "--map",
        metavar="FIELD=HEADER",
        help="Read FIELD from the column HEADER (repeatable), for a file no source fits.",
    ),
    interest_regime: str | None = typer.Option(
        None,
        "--interest-regime",
        metavar="standard|consumer",
        help="Interest regime of new judgments whose row states none (default standard). "
        "Never changes an existing judgment's regime.",
    ),
    as_json: bool = AsJson,
) -> None:
    try:
        mapping = parse_map_options(maps)
        import_default(interest_regime)
    except DragonflyError as exc:
        error_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
        raise typer.Exit(exc.exit_code) from None
    url = resolve_database_url()
    results: list[dict[str, Any]] = []
    worst = 0
    with _progress(enabled=not as_json and sys.stdout.isatty()) as bar:
        for path in paths:
            task = bar.add_task(path.name, total=None)

            def report(done: int, total: int | None, task: Any = task) -> None:
                bar.update(task, completed=done, total=total)

            try:
                result = import_file(
                    url, path, source=source, dry_run=dry_run,
                    max_reject_rate=max_reject_rate, progress=report, mapping=mapping or None,
                    interest_regime=interest_regime,
                )  # fmt: skip
            except DragonflyError as exc:
                worst = max(worst, exc.exit_code)
                results.append(
                    {"file": str(path), "error": {"code": exc.code, "message": exc.message}}
                )
                if not as_json:
                    error_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
                continue
            results.append({"file": str(path), **result.as_dict()})
            if not as_json:
                _print_result(result)
    if as_json:
        emit_json(results if len(results) > 1 else results[0])
    if worst:
        raise typer.Exit(worst)


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
        console=console, disable=not enabled, transient=True,
    )  # fmt: skip


def _print_result(result: ImportResult) -> None:
    if result.status is NotApplied.DUPLICATE:
        console.print(f"[yellow]Already imported:[/] {result.message}", highlight=False)
        return
    title = f"{result.filename} ({result.source})"
    if result.status is NotApplied.DRY_RUN:
        title += " [dry run: nothing written]"
    table = Table("rows read", "inserted", "updated", "unchanged", "rejected", title=title)
    table.add_row(
        *(f"{n:,}" for n in (result.rows_read, result.inserted, result.updated, result.unchanged)),
        f"{result.rejected:,}",
    )
    console.print(table)
    if result.batch_id is not None:
        console.print(f"Batch {result.batch_id}.", highlight=False)
    if result.rejected and result.batch_id is not None:
        console.print(
            f"See the rejected rows with `dragonfly import rejects {result.batch_id}`.",
            highlight=False,
        )


@import_app.command("list", help="List import batches, newest first.")
def list_command(
    limit: int = typer.Option(50, "--limit", min=1, help="How many batches to show."),
    as_json: bool = AsJson,
) -> None:
    with connect(resolve_database_url()) as conn, database_errors("Listing imports"):
        found, _ = list_batches(conn, 1, limit)
    if as_json:
        emit_json([vars(b) for b in found])
        return
    table = Table("batch", "file", "source", "status", "read", "ins", "upd", "same", "rej", "when")
    for b in found:
        table.add_row(
            str(b.id), b.filename, b.source or "", b.status, f"{b.rows_read:,}", f"{b.inserted:,}",
            f"{b.updated:,}", f"{b.unchanged:,}", f"{b.rejected:,}",
            b.started_at.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
    console.print(table if found else "No imports yet.")


@import_app.command("rejects", help="Show a batch's rejected rows, or export them with --csv.")
def rejects(
    batch: int = typer.Argument(..., help="Batch id (see `dragonfly import list`)."),
    csv_path: Path | None = typer.Option(
        None, "--csv", help="Write the rows to this CSV file (safe to open in a spreadsheet)."
    ),
    as_json: bool = AsJson,
) -> None:
    with connect(resolve_database_url()) as conn, database_errors("Reading rejected rows"):
        rows, _ = list_rejects(conn, batch)
    if csv_path is not None:
        write_rejects_csv(rows, csv_path)
    if as_json:
        emit_json({"batch_id": batch, "count": len(rows), "rows": [vars(r) for r in rows]})
        return
    if csv_path is not None:
        console.print(f"Wrote {len(rows):,} rejected rows to {csv_path}.", highlight=False)
        return
    table = Table("line", "reason", "detail", title=f"Batch {batch}: {len(rows):,} rejected rows")
    for r in rows[:200]:
        table.add_row(str(r.line_number), r.reason_code, r.detail)
    console.print(table)
    if len(rows) > 200:
        console.print(f"… {len(rows) - 200:,} more: export them all with --csv FILE.")
