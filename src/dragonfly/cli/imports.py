"""`dragonfly import`: import files, list batches, export a batch's rejected rows."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from typer.core import TyperGroup

from dragonfly.cli.output import console, emit_json, error_console
from dragonfly.core.database import connect, resolve_database_url
from dragonfly.errors import DragonflyError, InputError
from dragonfly.ingest import ImportResult, NotApplied, import_file, list_batches, list_rejects
from dragonfly.ingest.batches import BatchSummary, database_errors, write_rejects_csv
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
    "[--interest-regime standard|consumer] [--dry-run] [--json]\n"
    '       [--accept-rejects --reason "WHY"]\n\n' + EXIT_CODES,
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts (no progress bar).")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(import_app, name="import")
    app.command("imports", help="The import history (same as `dragonfly import list`).")(
        list_command
    )


@import_app.command("run", help=f"Import one or more files.\n\n{EXIT_CODES}")
def run(
    paths: list[Path] = typer.Argument(..., help="Files to import, in order."),
    source: str = typer.Option("auto", "--source", help="auto (detect from the header) or a name."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and count; write nothing."),
    max_reject_rate: float | None = typer.Option(
        None,
        "--max-reject-rate",
        help="For this run, refuse a file when more than this share of rows fail (default: the "
        "source's limit, DRAGONFLY_IMPORT_REJECT_LIMITS, else DRAGONFLY_IMPORT_MAX_REJECT_RATE).",
    ),
    accept_rejects: bool = typer.Option(
        False,
        "--accept-rejects",
        help="Import the good rows of a file over its reject limit anyway (needs --reason).",
    ),
    reason: str | None = typer.Option(
        None, "--reason", help="Why the good rows are imported anyway (kept on the batch, audited)."
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
    accepted = _accept_option(accept_rejects, reason, as_json)
    try:
        mapping = parse_map_options(maps)
        import_default(interest_regime)
    except DragonflyError as exc:
        error_console.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
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
                    url, path, source=source, dry_run=dry_run, max_reject_rate=max_reject_rate,
                    accept_rejects=accepted, progress=report, mapping=mapping or None,
                    interest_regime=interest_regime,
                )  # fmt: skip
            except DragonflyError as exc:
                worst = max(worst, exc.exit_code)
                error: dict[str, object] = {"code": exc.code, "message": exc.message}
                if "batch_id" in exc.details:
                    error["batch_id"] = exc.details["batch_id"]
                results.append({"file": str(path), "error": error})
                if not as_json:
                    error_console.print(
                        f"[bold red]Error:[/] {escape(exc.message)}", highlight=False
                    )
                    if exc.code == "import_refused":
                        options = _same_options(source, maps, interest_regime)
                        _print_way_forward(path, exc.details.get("batch_id"), options)
                continue
            results.append({"file": str(path), **result.as_dict()})
            if not as_json:
                _print_result(result)
    if as_json:
        emit_json(results if len(results) > 1 else results[0])
    if worst:
        raise typer.Exit(worst)


def _accept_option(accept_rejects: bool, reason: str | None, as_json: bool) -> str | None:
    """The reason for --accept-rejects; either option without the other is bad input (exit 2)."""
    problem = None
    if accept_rejects and not (reason or "").strip():
        problem = '--accept-rejects needs --reason "WHY" (it is kept on the batch and audited).'
    elif reason is not None and not accept_rejects:
        problem = "--reason goes with --accept-rejects; without it there is nothing to explain."
    if problem is None:
        return reason if accept_rejects else None
    exc = InputError.in_field("reason", problem)
    if as_json:
        emit_json({"error": {"code": exc.code, "message": exc.message}})
    else:
        error_console.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
    raise typer.Exit(exc.exit_code)


def _same_options(source: str, maps: list[str], interest_regime: str | None) -> str:
    """The options that read the file as this run did, to repeat in a suggested command."""
    words = [] if source == "auto" else ["--source", source]
    for option in maps:
        words += ["--map", option]
    if interest_regime is not None:
        words += ["--interest-regime", interest_regime]
    return "".join(f" {shlex.quote(w)}" for w in words)


def _print_way_forward(path: Path, batch_id: object, options: str) -> None:
    if batch_id is not None:
        error_console.print(
            f"See each rejected line: dragonfly import rejects {batch_id} "
            f"(or --csv FILE to fix them in a spreadsheet and import that file).",
            highlight=False,
        )
    error_console.print(
        f"Import the good rows anyway: dragonfly import {shlex.quote(str(path))}{options}"
        ' --accept-rejects --reason "WHY"',
        highlight=False,
        markup=False,
    )


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
        TaskProgressColumn(), TimeElapsedColumn(),
        console=console, disable=not enabled, transient=True,
    )  # fmt: skip


def _print_result(result: ImportResult) -> None:
    if result.status is NotApplied.DUPLICATE:
        console.print(f"[yellow]Already imported:[/] {escape(result.message)}", highlight=False)
        return
    # Escaped: Rich reads [words] as a style, so a file name or this note would be dropped.
    title = escape(f"{result.filename} ({result.source})")
    if result.status is NotApplied.DRY_RUN:
        title += escape(" [dry run: nothing written]")
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
            str(b.id), escape(b.filename), escape(b.source or ""), b.status, f"{b.rows_read:,}",
            f"{b.inserted:,}", f"{b.updated:,}", f"{b.unchanged:,}", f"{b.rejected:,}",
            b.started_at.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
    console.print(table if found else "No imports yet.")
    for b in found:  # why each was refused or failed, in full, under the table
        if _why(b):
            console.print(f"Batch {b.id} {b.status}: {_why(b)}", highlight=False, markup=False)


def _why(batch: BatchSummary) -> str:
    """A refused or failed import's reason; the stated reason of one imported over its limit."""
    if batch.accepted_reason:
        return f"rejects accepted: {batch.accepted_reason}"
    return "" if batch.status == "completed" else batch.message or ""


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
            write_rejects_csv(conn, batch, csv_path)
    if as_json:
        found = [{**vars(r), "value": r.value} for r in rows]
        emit_json({"batch_id": batch, "count": len(rows), "rows": found})
        return
    if csv_path is not None:
        console.print(
            f"Wrote {len(rows):,} rejected rows to {csv_path}: the file's own columns, then line, "
            "reason and detail. Fix the values and import that file as it is.",
            highlight=False,
            markup=False,
        )
        return
    table = Table(
        "line", "reason", "column", "value", "detail",
        title=f"Batch {batch}: {len(rows):,} rejected rows",
    )  # fmt: skip
    for r in rows[:200]:
        value = "" if r.value is None else str(r.value)
        table.add_row(
            str(r.line_number), r.reason_code, *map(escape, (r.field or "", value, r.detail))
        )
    console.print(table)
    if len(rows) > 200:
        console.print(f"… {len(rows) - 200:,} more: export them all with --csv FILE.")
