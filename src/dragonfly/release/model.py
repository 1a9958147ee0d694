"""A release run and its steps as plain data, and the rules that turn steps into an outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dragonfly.domain.vocabulary import ReleaseOutcome
from dragonfly.domain.vocabulary import StepStatus as StepStatus  # re-exported for release code

# The same vocabularies as the database's `step_status` and `release_outcome` enums.
Outcome = ReleaseOutcome


# Exit codes, documented in `dragonfly release --help` and docs/RUNBOOK.md.
EXIT_SUCCESS = 0
EXIT_TESTS_FAILED = 1
EXIT_MIGRATION_FAILED = 2
EXIT_PREFLIGHT_FAILED = 3
EXIT_LOCKED = 4
EXIT_CANCELLED = 5
EXIT_WARNINGS = 10

# The steps that stop the run when they fail, and the exit code each failure means.
STOPPING_STEPS = {
    "preflight": EXIT_PREFLIGHT_FAILED,
    "tests": EXIT_TESTS_FAILED,
    "migrations": EXIT_MIGRATION_FAILED,
}


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass
class Step:
    """One step of a run. `key` is stable (e.g. `deploy:backend`); `name` is for people."""

    key: str
    name: str
    status: StepStatus = StepStatus.PENDING
    message: str = ""
    started_at: datetime | None = None
    duration_ms: int | None = None

    def begin(self) -> None:
        self.status = StepStatus.RUNNING
        self.started_at = now_utc()

    def end(self, status: StepStatus, message: str) -> None:
        self.status = status
        self.message = message
        if self.started_at is None:
            self.started_at = now_utc()
        elapsed = now_utc() - self.started_at
        self.duration_ms = int(elapsed.total_seconds() * 1000)

    def skip(self, message: str) -> None:
        self.status = StepStatus.SKIPPED
        self.message = message
        self.duration_ms = 0


@dataclass
class RunMetadata:
    """Who and what a run releases."""

    commit: str
    author: str
    branch: str
    run_url: str | None
    triggered_by: str

    @property
    def short_commit(self) -> str:
        return self.commit[:7]


@dataclass
class Run:
    meta: RunMetadata
    dry_run: bool = False
    steps: list[Step] = field(default_factory=list)
    outcome: Outcome = Outcome.RUNNING
    exit_code: int | None = None
    failed_step: str | None = None
    summary: str = ""
    production_note: str = ""  # when the run stops: what, if anything, changed in production
    # Set when a signal or a bug stopped the run mid-step, e.g. "Cancelled by SIGTERM during
    # Tests (dev database)"; the notification leads with it.
    interrupted: str = ""
    started_at: datetime = field(default_factory=now_utc)
    finished_at: datetime | None = None
    duration_ms: int | None = None

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def pipeline_steps(self) -> list[Step]:
        """Every step but the notification, which reports on the others."""
        return [s for s in self.steps if s.key != "notify"]


def decide_outcome(steps: list[Step]) -> tuple[Outcome, int, str | None]:
    """Outcome, exit code and the step that stopped the run (if any).

    Green needs every step to have succeeded: a skipped or unverified deploy is a warning,
    because the runbook's Scenario C must never be reported as plain success.
    """
    for step in steps:
        if step.key in STOPPING_STEPS and step.status is StepStatus.FAILED:
            return Outcome.FAILED, STOPPING_STEPS[step.key], step.name
    if all(s.status is StepStatus.SUCCESS for s in steps):
        return Outcome.SUCCESS, EXIT_SUCCESS, None
    return Outcome.WARNINGS, EXIT_WARNINGS, None
