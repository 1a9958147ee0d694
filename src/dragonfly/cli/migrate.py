"""`dragonfly migrate`: status, plan, apply, lint, verify and new, over dragonfly.migrate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.database import resolve_migration_url
from dragonfly.core.secrets import redact_url
from dragonfly.errors import InputError
from dragonfly.migrate import (
    LintFinding,
    MigrationFile,
    MigrationPlan,
    apply_migrations,
    build_plan,
    default_migrations_dir,
    discover,
    lint_files,
    new_migration_file,
)
from dragonfly.migrate.files import migration_file
from dragonfly.migrate.job_schema import ensure_job_schema
from dragonfly.migrate.lint import lint_errors

EXIT_CODES = (
    "Exit codes: 0 ok; 1 problems found (lint errors, edited applied files, missing files, "
    "out-of-order files); 2 bad input (missing folder, misnamed file, bad name or setting); "
    "3 database unreachable; 4 a migration failed (rolled back); 5 migration lock not acquired."
)

migrate_app = typer.Typer(
    help="Apply and check the SQL migrations in supabase/migrations.\n\n" + EXIT_CODES,
    no_args_is_help=True,
)

DatabaseUrl = typer.Option(
    None,
    "--database-url",
    help="PostgreSQL URL of the schema's owner (default: DRAGONFLY_MIGRATION_DATABASE_URL, "
    "else DATABASE_URL, else the embedded server).",
)
Directory = typer.Option(
    None,
    "--dir",
    help="Migrations folder (default: DRAGONFLY_MIGRATIONS_DIR or supabase/migrations).",
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")
IncludeAll = typer.Option(
    False, "--include-all", help="Also apply pending files older than the newest applied one."
)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(migrate_app, name="migrate")


def _folder(directory: Path | None) -> Path:
    return directory or default_migrations_dir()


@migrate_app.command("status", help=f"List applied and pending migrations.\n\n{EXIT_CODES}")
def status(
    database_url: str | None = DatabaseUrl,
    directory: Path | None = Directory,
    as_json: bool = AsJson,
) -> None:
    plan = build_plan(database_url or resolve_migration_url(), _folder(directory))
    rows = _status_rows(plan)
    if as_json:
        emit_json({"directory": plan.directory, "migrations": rows})
        return
    table = Table("version", "state", "applied at", "applied by")
    table.add_column("name", overflow="fold")
    for row in rows:
        table.add_row(
            row["version"], _state_markup(row["state"]),
            row["applied_at"] or "", row["applied_by"] or "", row["name"] or "",
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(plan.applied)} applied, {len(plan.pending)} pending.")


def _status_rows(plan: MigrationPlan) -> list[dict[str, Any]]:
    recorded = {a.version: a for a in plan.applied}
    drifted = {f.version for f in plan.drift}
    late = {f.version for f in plan.out_of_order}
    rows: list[dict[str, Any]] = []
    for migration in plan.files:
        applied = recorded.get(migration.version)
        state = "applied" if applied else "pending"
        state = "edited" if migration.version in drifted else state
        state = "pending (out of order)" if migration.version in late else state
        rows.append(_row(migration.version, migration.name, state, applied))
    rows.extend(_row(m.version, m.name, "missing file", m) for m in plan.missing)
    return sorted(rows, key=lambda r: r["version"])


def _row(version: str, name: str | None, state: str, applied: Any) -> dict[str, Any]:
    when = (
        applied.applied_at.isoformat(timespec="seconds") if applied and applied.applied_at else None
    )
    who = applied.applied_by if applied else None
    return {"version": version, "name": name, "state": state, "applied_at": when, "applied_by": who}


def _state_markup(state: str) -> str:
    colour = {"applied": "green", "pending": "yellow"}.get(state, "red")
    return f"[{colour}]{state}[/]"


@migrate_app.command(
    "plan", help=f"Show what `apply` would do: pending files, drift, lint.\n\n{EXIT_CODES}"
)
def plan(
    database_url: str | None = DatabaseUrl,
    directory: Path | None = Directory,
    include_all: bool = IncludeAll,
    as_json: bool = AsJson,
) -> None:
    result = build_plan(
        database_url or resolve_migration_url(), _folder(directory), include_all=include_all
    )
    if as_json:
        emit_json(result.as_dict())
    else:
        _print_plan(result)
    if not result.ok:
        raise typer.Exit(1)


def _print_plan(result: MigrationPlan) -> None:
    if result.pending:
        console.print(f"{len(result.pending)} pending migration(s), applied in this order:")
        for migration in result.pending:
            console.print(f"  {migration.filename}")
    else:
        console.print("Nothing to apply: the database is up to date.")
    _print_problems("Edited after being applied", [f.filename for f in result.drift])
    _print_problems("Applied but missing a file", [m.version for m in result.missing])
    _print_problems(
        "Older than the newest applied migration (--include-all applies them)",
        [f.filename for f in result.out_of_order],
    )
    _print_findings(result.lint_findings)
    console.print("[green]Plan is clean.[/]" if result.ok else "[red]Apply would refuse.[/]")


def _print_problems(title: str, items: list[str]) -> None:
    if items:
        console.print(f"[red]{title}:[/]")
        for item in items:
            console.print(f"  {item}", highlight=False)


def _print_findings(findings: list[LintFinding]) -> None:
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        console.print(f"[{colour}]{finding.severity}[/] {finding}", highlight=False)


@migrate_app.command(
    "apply",
    help="Apply pending migrations in order, under the lock, then install the job queue's "
    f"tables if they are missing.\n\n{EXIT_CODES}",
)
def apply(
    database_url: str | None = DatabaseUrl,
    directory: Path | None = Directory,
    include_all: bool = IncludeAll,
    lock_wait: float | None = typer.Option(
        None, "--lock-wait", min=0, help="Seconds to wait for another run's lock (default 30)."
    ),
    as_json: bool = AsJson,
) -> None:
    url = database_url or resolve_migration_url()
    applied: list[dict[str, Any]] = []

    def report(migration: MigrationFile, seconds: float) -> None:
        applied.append({"version": migration.version, "file": migration.filename,
                        "seconds": round(seconds, 3)})  # fmt: skip
        if not as_json:
            console.print(f"[green]applied[/] {migration.filename} ({seconds:.2f} s)")

    apply_migrations(
        url, _folder(directory), lock_wait=lock_wait, include_all=include_all, on_applied=report
    )
    # Installed by the owner, so the app role need not be able to create tables.
    ensure_job_schema(url)
    if as_json:
        emit_json({"database": redact_url(url), "applied": applied})
    elif applied:
        console.print(f"Applied {len(applied)} migration(s).")
    else:
        console.print("Nothing to apply: the database is up to date.")


@migrate_app.command(
    "lint", help=f"Lint migration files (default: every file in the folder).\n\n{EXIT_CODES}"
)
def lint(
    files: list[Path] | None = typer.Argument(None, help="Files to lint."),
    directory: Path | None = Directory,
    as_json: bool = AsJson,
) -> None:
    targets = _lint_targets(files, _folder(directory))
    findings = lint_files(targets)
    errors = lint_errors(findings)
    if as_json:
        emit_json(
            {"ok": not errors, "files": len(targets), "findings": [vars(f) for f in findings]}
        )
    else:
        _print_findings(findings)
        verdict = "[red]refused[/]" if errors else "[green]clean[/]"
        console.print(f"{len(targets)} file(s) linted: {verdict}.")
    if errors:
        raise typer.Exit(1)


def _lint_targets(files: list[Path] | None, folder: Path) -> list[MigrationFile]:
    if not files:
        return discover(folder)
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise InputError(f"Not a file: {', '.join(missing)}.")
    return [migration_file(p) for p in files]


@migrate_app.command(
    "verify",
    help=f"Check every applied file is unchanged and present.\n\n{EXIT_CODES}",
)
def verify(
    database_url: str | None = DatabaseUrl,
    directory: Path | None = Directory,
    as_json: bool = AsJson,
) -> None:
    result = build_plan(database_url or resolve_migration_url(), _folder(directory))
    drift = [f.filename for f in result.drift]
    missing = [m.version for m in result.missing]
    unrecorded = [f.filename for f in result.unrecorded_checksums]
    ok = not drift and not missing
    if as_json:
        emit_json({"ok": ok, "checked": len(result.applied), "drift": drift,
                   "missing": missing, "unrecorded_checksums": unrecorded})  # fmt: skip
    else:
        _print_problems("Edited after being applied", drift)
        _print_problems("Applied but missing a file", missing)
        if unrecorded:
            console.print(
                f"[yellow]No checksum recorded (applied by another tool) for:[/] "
                f"{', '.join(unrecorded)}; the next `apply` records them."
            )
        verdict = "[green]all match[/]" if ok else "[red]problems found[/]"
        console.print(f"{len(result.applied)} applied migration(s) checked: {verdict}.")
    if not ok:
        raise typer.Exit(1)


@migrate_app.command(
    "new", help=f"Create <UTC timestamp>_<name>.sql with a header comment.\n\n{EXIT_CODES}"
)
def new(
    name: str = typer.Argument(..., help="snake_case name, e.g. add_payment_index."),
    directory: Path | None = Directory,
) -> None:
    path = new_migration_file(_folder(directory), name)
    console.print(f"Created {path}", highlight=False)
