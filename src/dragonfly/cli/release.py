"""`dragonfly release`: a thin shell over `dragonfly.release`."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from dragonfly.cli.output import console, emit_json
from dragonfly.core.config import get_settings
from dragonfly.core.secrets import redact, redact_url
from dragonfly.errors import InputError
from dragonfly.release import (
    ReleaseReport,
    append_summary,
    load_release_config,
    plan_release,
    release_history,
    run_release,
)
from dragonfly.release.environment import resolve_environment
from dragonfly.release.model import Step
from dragonfly.release.report import ICONS, format_duration, step_line, title

HELP = """Release to production: preflight; tests against the dev database; migrations to the
production database; deploy + verify each target (backend, dashboard); notify.

Settings live in release.toml (see docs/RUNBOOK.md).

Exit codes: 0 success, everything deployed and verified (green);
10 success with warnings: a deploy failed, was skipped or could not be verified (amber);
1 tests failed (production untouched); 2 a migration failed (apps not deployed);
3 preflight failed or release.toml is malformed (nothing changed);
4 another release is running (nothing changed);
5 cancelled by SIGINT or SIGTERM (a cancel in GitHub Actions, Ctrl-C): the run is recorded as
cancelled (red) and the notification, naming the interrupted step and what changed in
production, is still sent within 5 seconds."""

release_app = typer.Typer(help=HELP, invoke_without_command=True, no_args_is_help=False)

CONFIG_OPTION = typer.Option(Path("release.toml"), "--config", help="Path to release.toml.")


def _print_step(step: Step, secrets: list[str]) -> None:
    line = f"{ICONS[step.status]} {step.name}: {step_line(step)}"
    console.print(redact(line, secrets), markup=False, highlight=False, soft_wrap=True)


def _print_report(report: ReleaseReport, project: str, *, echo_steps: bool) -> None:
    run = report.run
    if echo_steps:
        for step in run.steps:
            _print_step(step, report.secrets)
    lines = [
        "",
        title(run, project),
        run.summary,
        f"Commit {run.meta.short_commit} by {run.meta.author} on {run.meta.branch}; "
        f"took {format_duration(run.duration_ms)}.",
        f"Record: {report.recorded}.",
    ]
    lines += [f"Notification {d.kind} ({d.variable}): {d.message}" for d in report.deliveries]
    lines.append(f"Exit code {report.exit_code}.")
    text = redact("\n".join(lines), report.secrets)
    console.print(text, markup=False, highlight=False, soft_wrap=True)


@release_app.callback(invoke_without_command=True)
def release(
    ctx: typer.Context,
    config: Path = CONFIG_OPTION,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would happen (pending migrations too); change nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run as JSON."),
    summary_file: Path | None = typer.Option(
        None,
        "--summary-file",
        help="Append a Markdown table of the run here (default: $GITHUB_STEP_SUMMARY when set).",
    ),
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    settings = load_release_config(config)
    environ = dict(os.environ)
    if dry_run:
        report = plan_release(settings, environ)
    else:
        secrets = resolve_environment(settings, environ).secrets
        live = not as_json
        report = run_release(
            settings,
            environ,
            home=get_settings().dragonfly_home,
            on_step=(lambda step: _print_step(step, secrets)) if live else None,
        )
    summary_target = summary_file or (
        Path(environ["GITHUB_STEP_SUMMARY"]) if environ.get("GITHUB_STEP_SUMMARY") else None
    )
    if summary_target is not None and not dry_run:
        append_summary(summary_target, report, settings.project)
    if as_json:
        emit_json(report.as_dict())
    else:
        _print_report(report, settings.project, echo_steps=dry_run)
    raise typer.Exit(report.exit_code)


@release_app.command("history")
def history(
    config: Path = CONFIG_OPTION,
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="How many runs to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the runs as JSON."),
) -> None:
    """List past releases: from the production database, plus runs kept in local JSON files."""
    settings = load_release_config(config)
    found = release_history(settings, dict(os.environ), get_settings().dragonfly_home, limit)
    if as_json:
        emit_json({"runs": found.runs, "notes": found.notes})
        return
    from rich.table import Table

    table = Table("Started", "Outcome", "Commit", "Author", "Branch", "Failed step", "Took")
    marks = {
        "success": "✅ success",
        "warnings": "⚠️ warnings",
        "failed": "❌ failed",
        "cancelled": "🛑 cancelled",
    }
    for run in found.runs:
        table.add_row(
            str(run.get("started_at") or "")[:19].replace("T", " "),
            marks.get(str(run.get("outcome")), str(run.get("outcome"))),
            str(run.get("commit_sha") or "")[:7],
            str(run.get("author") or ""),
            str(run.get("branch") or ""),
            str(run.get("failed_step") or ""),
            format_duration(run.get("duration_ms")),
        )
    console.print(table)
    for note in found.notes:
        console.print(f"Note: {note}", markup=False, highlight=False)
    if not found.runs:
        console.print("No release runs recorded yet.")


@release_app.command("demo")
def demo(
    broken: list[str] = typer.Option(
        [], "--break", help="Make this target's deploy fail (backend or dashboard): amber run."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run as JSON."),
    stop: bool = typer.Option(False, "--stop", help="Stop the demo databases and exit."),
) -> None:
    """Run a whole release on this machine: two embedded databases (dev, prod) under
    DRAGONFLY_HOME/release-demo, local stand-ins for the deploy hooks, /version and Discord.

    Exit codes as for `dragonfly release` (0 green, 10 amber with --break)."""
    from dragonfly.release.demo import TARGETS, run_demo, stop_demo

    if stop:
        stopped = stop_demo(get_settings().dragonfly_home)
        console.print(f"Stopped {stopped} demo database server(s).")
        return
    unknown = sorted(set(broken) - set(TARGETS))
    if unknown:
        raise InputError(f"--break takes {' or '.join(TARGETS)}, not {', '.join(unknown)}.")
    home = get_settings().dragonfly_home
    if not as_json:
        console.print("Starting the demo dev and prod databases and the local stand-ins...")
    result = run_demo(
        home,
        dict(os.environ),
        broken=set(broken),
        on_step=None if as_json else (lambda step: _print_step(step, [])),
    )
    report = result.report
    if as_json:
        emit_json({**report.as_dict(), "prod_database_url": redact_url(result.prod_url)})
        raise typer.Exit(report.exit_code)
    _print_report(report, "Dragonfly", echo_steps=False)
    for message in result.messages:
        console.print(f"Discord stand-in received: {message.get('content', '')}", markup=False)
    console.print(
        "See it on the dashboard's Releases page: "
        f"DATABASE_URL='{redact_url(result.prod_url)}' dragonfly serve",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(report.exit_code)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(release_app, name="release")
