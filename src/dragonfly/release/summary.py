"""A Markdown table of the run for GitHub's job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from pathlib import Path

from dragonfly.core.secrets import redact
from dragonfly.release.pipeline import ReleaseReport
from dragonfly.release.report import ICONS, STATUS_WORDS, format_duration, title


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()[:300]


def summary_markdown(report: ReleaseReport, project: str) -> str:
    run = report.run
    meta = run.meta
    lines = [
        f"## {title(run, project)}",
        "",
        run.summary,
        "",
        f"Commit `{meta.short_commit}` by {meta.author} on {meta.branch}; "
        f"{format_duration(run.duration_ms)}; exit code {report.exit_code}.",
        "",
        "| Step | Status | Duration | Details |",
        "|---|---|---|---|",
    ]
    for step in run.steps:
        lines.append(
            f"| {ICONS[step.status]} {step.name} | {STATUS_WORDS[step.status]} | "
            f"{format_duration(step.duration_ms)} | {_cell(step.message)} |"
        )
    lines += ["", f"Record: {report.recorded}", ""]
    return redact("\n".join(lines), report.secrets)


def append_summary(path: Path, report: ReleaseReport, project: str) -> None:
    """Append (GitHub collects every step's writes into one summary page)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(summary_markdown(report, project))
