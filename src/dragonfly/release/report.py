"""What a run means in words: the title, the one-paragraph summary, step icons, durations.

Discord, the generic webhook, the console, the GitHub step summary and the database record all
use these, so every channel says the same thing.
"""

from __future__ import annotations

from typing import Any

from dragonfly.release.model import Outcome, Run, Step, StepStatus

ICONS = {
    StepStatus.SUCCESS: "✅",
    StepStatus.WARNING: "⚠️",
    StepStatus.FAILED: "❌",
    StepStatus.SKIPPED: "⚪",
    StepStatus.PENDING: "⚪",
    StepStatus.RUNNING: "🟡",
}
TITLES = {
    Outcome.SUCCESS: "🚀 {project} Prod Deployed",
    Outcome.WARNINGS: "⚠️ {project} Prod deployed with warnings",
    Outcome.FAILED: "❌ {project} Prod Deploy FAILED",
    Outcome.RUNNING: "🟡 {project} Prod release running",
    Outcome.CANCELLED: "🛑 {project} Prod release CANCELLED",
}
COLOURS = {
    Outcome.SUCCESS: 0x2ECC71,
    Outcome.WARNINGS: 0xF5A623,
    Outcome.FAILED: 0xE74C3C,
    Outcome.RUNNING: 0x95A5A6,
    Outcome.CANCELLED: 0xE74C3C,  # red, like a failure: someone must look at it
}
STATUS_WORDS = {
    StepStatus.SUCCESS: "succeeded",
    StepStatus.WARNING: "warning",
    StepStatus.FAILED: "FAILED",
    StepStatus.SKIPPED: "skipped",
    StepStatus.PENDING: "pending",
    StepStatus.RUNNING: "running",
}


def title(run: Run, project: str) -> str:
    if run.dry_run:
        verdict = "would stop at preflight" if run.outcome is Outcome.FAILED else "ready"
        return f"🔍 {project} release dry run: {verdict} (nothing changed)"
    return TITLES[run.outcome].format(project=project)


def format_duration(ms: int | None) -> str:
    if ms is None:
        return "-"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def step_line(step: Step) -> str:
    """`succeeded (1.2 s): message` as shown under each step."""
    timing = f" ({format_duration(step.duration_ms)})" if step.duration_ms else ""
    message = f": {step.message}" if step.message else ""
    return f"{STATUS_WORDS[step.status]}{timing}{message}"


def describe(run: Run) -> str:
    """One paragraph a CEO can read: what happened and what it means for production."""
    if run.interrupted:
        return f"{run.interrupted}. {run.production_note}"
    if run.outcome is Outcome.FAILED:
        failed = next(s for s in run.pipeline_steps() if s.status is StepStatus.FAILED)
        reason = failed.message.splitlines()[0] if failed.message else "failed"
        return f"Stopped at {failed.name}: {reason}. {run.production_note}"
    deploys = [s for s in run.pipeline_steps() if s.key.startswith(("deploy:", "verify:"))]
    if run.outcome is Outcome.SUCCESS:
        return (
            "Every step succeeded: the production database is up to date and every deploy "
            f"was triggered and verified at commit {run.meta.short_commit}."
        )
    if run.outcome is Outcome.RUNNING:
        return "The release is still running."
    deployed = {s.key[len("deploy:") :] for s in deploys if s.status is StepStatus.SUCCESS}
    problems = [
        f"{s.name} {STATUS_WORDS[s.status]}: {s.message}"
        for s in deploys
        if s.status is not StepStatus.SUCCESS
        # a verification skipped because its deploy failed adds nothing to the deploy's line
        and (s.key.startswith("deploy:") or s.key[len("verify:") :] in deployed)
    ]
    return (
        "Tests passed and the production database is up to date, but not every part of the app "
        "is confirmed on the new version. " + "; ".join(problems) + "."
    )


def run_as_dict(run: Run) -> dict[str, Any]:
    """The run in the same shape the API's /api/v1/releases serves."""
    return {
        "commit_sha": run.meta.commit,
        "author": run.meta.author,
        "branch": run.meta.branch,
        "run_url": run.meta.run_url,
        "triggered_by": run.meta.triggered_by,
        "dry_run": run.dry_run,
        "outcome": run.outcome.value,
        "exit_code": run.exit_code,
        "failed_step": run.failed_step,
        "summary": run.summary,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "duration_ms": run.duration_ms,
        "steps": [
            {
                "position": i + 1,
                "key": s.key,
                "name": s.name,
                "status": s.status.value,
                "message": s.message,
                "started_at": s.started_at.isoformat() if s.started_at else None,
                "duration_ms": s.duration_ms,
            }
            for i, s in enumerate(run.steps)
        ],
    }
