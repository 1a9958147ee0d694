"""What a release that stopped half-way (cancelled, or a bug) changed in production, in words
the runbook's readers understand. Worked out before the unfinished steps are closed."""

from __future__ import annotations

from dragonfly.release.config import TargetConfig
from dragonfly.release.model import Run, Step, StepStatus

UNCHANGED = "Production is unchanged: no migration ran and nothing was deployed."
OLD_APPS = "The apps were not deployed, so the old version keeps running."


def _migrations_note(applied: list[str] | None) -> str:
    if applied is None:
        return (
            "Production database: the migration being applied was rolled back, but which of "
            "this run's earlier files were applied could not be checked (`dragonfly db status` "
            f"against production shows it). {OLD_APPS}"
        )
    if not applied:
        return f"Production is unchanged: the migration being applied was rolled back. {OLD_APPS}"
    return (
        f"Production database: {len(applied)} file(s) of this run were applied "
        f"({', '.join(applied)}); the file being applied was rolled back. {OLD_APPS}"
    )


def _target_note(run: Run, target: TargetConfig) -> str:
    deploy = run.step(f"deploy:{target.name}").status
    verify = run.step(f"verify:{target.name}").status
    if deploy is StepStatus.SUCCESS and verify is StepStatus.SUCCESS:
        return f"{target.title}: deployed and verified"
    if deploy is StepStatus.SUCCESS:
        return f"{target.title}: deploy started, not verified"
    if deploy is StepStatus.RUNNING:
        return f"{target.title}: its deploy was being started, so it may be deploying"
    if deploy is StepStatus.WARNING:
        return f"{target.title}: deploy failed, the old version keeps running"
    return f"{target.title}: not deployed, the old version keeps running"


def what_changed(
    run: Run, stopped: Step, targets: list[TargetConfig], applied: list[str] | None
) -> str:
    """`applied`: this run's migration files found applied when the migrations were running
    (None if production could not be asked)."""
    migrations = run.step("migrations")
    if migrations.status is StepStatus.RUNNING:
        return _migrations_note(applied)
    if migrations.status is not StepStatus.SUCCESS:
        return UNCHANGED
    notes = [f"The production database is up to date ({migrations.message})."]
    if targets:
        notes.append("; ".join(_target_note(run, t) for t in targets) + ".")
    return " ".join(notes)
