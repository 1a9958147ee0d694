"""`run_release`: preflight, tests, migrations, deploy + verify each target, notify.

The order and the stop rules are DESIGN.md's: preflight, tests and migrations stop the run;
a deploy or verification problem is a warning and the run carries on; the notification is sent
whatever happened and never changes the outcome.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from dragonfly.core.secrets import redact
from dragonfly.release.cancel import (
    CANCEL_NOTIFY_SECONDS,
    CancelGuard,
    cancel_on_signals,
    signal_name,
)
from dragonfly.release.config import ReleaseConfig
from dragonfly.release.deploy import trigger_deploy, verify_commit
from dragonfly.release.environment import ReleaseEnvironment, ResolvedTarget, resolve_environment
from dragonfly.release.errors import CancelledBeforeStart
from dragonfly.release.lock import database_lock, file_lock
from dragonfly.release.metadata import run_metadata
from dragonfly.release.migrations import applied_in_run, apply_pending
from dragonfly.release.model import (
    EXIT_CANCELLED,
    Outcome,
    Run,
    Step,
    StepStatus,
    decide_outcome,
    now_utc,
)
from dragonfly.release.notify import Delivery, send_notifications
from dragonfly.release.preflight import run_preflight
from dragonfly.release.production import UNCHANGED, what_changed
from dragonfly.release.record import RunRecorder, runs_folder
from dragonfly.release.redaction import masked_logs, redact_tree
from dragonfly.release.report import describe, run_as_dict
from dragonfly.release.testrun import run_tests

StepCallback = Callable[[Step], None]


@dataclass
class ReleaseReport:
    """What the command prints and the exit code it ends with. Secrets already masked."""

    run: Run
    exit_code: int
    pending: list[str] = field(default_factory=list)
    recorded: str = ""
    deliveries: list[Delivery] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = {
            **run_as_dict(self.run),
            "exit_code": self.exit_code,
            "pending_migrations": self.pending,
            "recorded": self.recorded,
            "notifications": [vars(d) for d in self.deliveries],
        }
        return dict(redact_tree(data, self.secrets))


def plan_steps(config: ReleaseConfig) -> list[Step]:
    steps = [
        Step("preflight", "Preflight"),
        Step("tests", "Tests (dev database)"),
        Step("migrations", "Migrations (production)"),
    ]
    for target in config.deploy:
        steps.append(Step(f"deploy:{target.name}", f"Deploy {target.title}"))
        steps.append(Step(f"verify:{target.name}", f"Verify {target.title}"))
    steps.append(Step("notify", "Notify"))
    return steps


class _Runner:
    """Runs the steps of one release, keeping the record and the caller informed."""

    def __init__(
        self,
        config: ReleaseConfig,
        env: ReleaseEnvironment,
        run: Run,
        recorder: RunRecorder,
        on_step: StepCallback | None,
    ) -> None:
        self.config, self.env, self.run, self.recorder = config, env, run, recorder
        self.on_step = on_step or (lambda step: None)
        self.pending: list[str] = []

    def begin(self, key: str) -> Step:
        step = self.run.step(key)
        step.begin()
        self.recorder.sync(self.run)
        return step

    def end(self, step: Step, status: StepStatus, message: str) -> None:
        step.end(status, redact(message, self.env.secrets))
        self.recorder.sync(self.run)
        self.on_step(step)

    def skip(self, key: str, message: str) -> None:
        step = self.run.step(key)
        step.skip(message)
        self.on_step(step)

    def stop_after(self, failed: Step, note: str) -> None:
        self.run.production_note = note
        for step in self.run.pipeline_steps():
            if step.status is StepStatus.PENDING:
                self.skip(step.key, f"the release stopped at {failed.name}")

    def execute(self) -> None:
        if self.preflight() and self.tests() and self.migrations():
            for target in self.env.targets:
                self.deploy(target)

    def preflight(self) -> bool:
        step = self.begin("preflight")
        result = run_preflight(self.config, self.env)
        self.pending = result.pending
        self.end(step, StepStatus.SUCCESS if result.ok else StepStatus.FAILED, result.message())
        if not result.ok:
            self.stop_after(step, "Production is unchanged: nothing was run.")
        return result.ok

    def tests(self) -> bool:
        step = self.begin("tests")
        assert self.env.dev_url is not None  # preflight checked it
        tests = self.config.tests
        done = run_tests(
            tests.command,
            self.env.environ,
            pass_env=tests.pass_env,
            database_env=tests.database_env,
            dev_url=self.env.dev_url,
            cwd=self.config.base_dir,
            timeout=tests.timeout_seconds,
        )
        message = f"tests {done.summary}" + (f"\n{done.output_tail}" if not done.ok else "")
        self.end(step, StepStatus.SUCCESS if done.ok else StepStatus.FAILED, message)
        if not done.ok:
            self.stop_after(step, UNCHANGED)
        return done.ok

    def migrations(self) -> bool:
        step = self.begin("migrations")
        assert self.env.prod_url is not None
        if not self.pending:
            self.end(step, StepStatus.SUCCESS, "nothing pending: production schema up to date")
            return True
        result = apply_pending(
            self.env.prod_url,
            self.config.migrations_dir(),
            self.pending,
            self.config.migrations.lock_wait_seconds,
        )
        if result.error is None:
            names = ", ".join(result.applied)
            self.end(step, StepStatus.SUCCESS, f"applied {len(result.applied)}: {names}")
            return True
        failed = result.failed_file or "a migration"
        self.end(step, StepStatus.FAILED, f"{failed} failed: {result.error}")
        if result.applied:
            note = (
                f"Production database: {len(result.applied)} earlier file(s) of this run were "
                f"applied ({', '.join(result.applied)}); {failed} changed nothing. The apps were "
                "not deployed, so the old version keeps running."
            )
        else:
            note = (
                f"Production is unchanged: {failed} changed nothing and the apps were not "
                "deployed, so the old version keeps running."
            )
        self.stop_after(step, note)
        return False

    def deploy(self, target: ResolvedTarget) -> None:
        name = target.config.name
        if target.config.kind == "webhook" and target.url is None:
            self.skip(f"deploy:{name}", f"{target.config.url_env} is not set: not deployed")
            self.skip(f"verify:{name}", "nothing deployed to verify")
            return
        step = self.begin(f"deploy:{name}")
        attempt = trigger_deploy(target, self.env.environ, self.config.base_dir)
        self.end(step, StepStatus.SUCCESS if attempt.ok else StepStatus.WARNING, attempt.message)
        if not attempt.ok:
            self.skip(f"verify:{name}", "the deploy failed, so there is nothing to verify")
            return
        self.verify(target)

    def verify(self, target: ResolvedTarget) -> None:
        key, verify = f"verify:{target.config.name}", target.config.verify
        if verify is None:
            self.skip(key, "no verification configured: the deploy is unconfirmed")
            return
        if target.verify_url is None:
            self.skip(key, f"{verify.url_env} is not set: the deploy is unconfirmed")
            return
        step = self.begin(key)
        attempt = verify_commit(target.verify_url, verify, self.run.meta.commit)
        self.end(step, StepStatus.SUCCESS if attempt.ok else StepStatus.WARNING, attempt.message)

    def conclude(self) -> None:
        run = self.run
        run.outcome, run.exit_code, run.failed_step = decide_outcome(run.pipeline_steps())
        run.finished_at = now_utc()
        run.duration_ms = int((run.finished_at - run.started_at).total_seconds() * 1000)
        run.summary = redact(describe(run), self.env.secrets)
        self.recorder.sync(run)

    def _close(self, outcome: Outcome, exit_code: int | None, why: str) -> None:
        """End a run that did not get to its normal end: say what changed in production, fail
        the step that was running and skip the ones after it; the notification is to come."""
        stopped = self._stopped_at()
        when = "during" if stopped.status is StepStatus.RUNNING else "before"
        run = self.run
        run.interrupted = f"{why} {when} {stopped.name}"
        run.production_note = self._what_changed(stopped)
        for step in run.pipeline_steps():
            if step.status is StepStatus.RUNNING:
                step.end(StepStatus.FAILED, f"interrupted: {why}")
            elif step.status is StepStatus.PENDING:
                step.skip(f"not run: {why}")
        run.outcome, run.exit_code, run.failed_step = outcome, exit_code, stopped.name
        run.finished_at = now_utc()
        run.duration_ms = int((run.finished_at - run.started_at).total_seconds() * 1000)
        run.summary = redact(describe(run), self.env.secrets)
        self.recorder.sync(run)

    def _stopped_at(self) -> Step:
        """The step that was running, else the one about to start, else the last one."""
        steps = self.run.pipeline_steps()
        running = [s for s in steps if s.status is StepStatus.RUNNING]
        pending = [s for s in steps if s.status is StepStatus.PENDING]
        return (running or pending or steps[-1:])[0]

    def _what_changed(self, stopped: Step) -> str:
        applied = None
        if stopped.key == "migrations" and stopped.status is StepStatus.RUNNING:
            assert self.env.prod_url is not None  # preflight checked it
            directory = self.config.migrations_dir()
            applied = applied_in_run(self.env.prod_url, directory, self.pending)
        return what_changed(self.run, stopped, self.config.deploy, applied)

    def cancel(self, signal_name: str) -> None:
        """SIGINT or SIGTERM: recorded as cancelled (red), with what changed in production."""
        self._close(Outcome.CANCELLED, EXIT_CANCELLED, f"Cancelled by {signal_name}")

    def abandon(self, exc: BaseException) -> None:
        """An unexpected stop (a bug): recorded as failed rather than left running."""
        self._close(Outcome.FAILED, None, f"Stopped unexpectedly ({type(exc).__name__})")

    def notify(self, deadline: float | None = None) -> list[Delivery]:
        if not self.env.notifiers:
            self.skip("notify", "no notifier configured")
            return []
        step = self.begin("notify")
        deliveries = send_notifications(
            self.run, self.env.notifiers, self.config.project, self.env.secrets, deadline=deadline
        )
        attempted = [d for d in deliveries if d.message != "variable unset"]
        parts = [f"{d.kind} ({d.variable}): {d.message}" for d in deliveries]
        if not attempted:
            status = StepStatus.SKIPPED
        elif all(d.delivered for d in attempted):
            status = StepStatus.SUCCESS
        else:
            status = StepStatus.WARNING
        self.end(step, status, "; ".join(parts))
        return deliveries


@contextlib.contextmanager
def _production_session(
    env: ReleaseEnvironment, home: Path, wait: float
) -> Iterator[psycopg.Connection | None]:
    """A production connection holding the release lock, or None with a local file lock."""
    conn: psycopg.Connection | None = None
    if env.prod_url is not None:
        with contextlib.suppress(psycopg.Error):
            conn = psycopg.connect(env.prod_url, autocommit=True, connect_timeout=5)
    if conn is None:
        with file_lock(runs_folder(home) / ".lock", wait):
            yield None
        return
    with conn, database_lock(conn, wait):
        yield conn


def run_release(
    config: ReleaseConfig,
    environ: Mapping[str, str],
    *,
    home: Path,
    on_step: StepCallback | None = None,
    repo_dir: Path | None = None,
) -> ReleaseReport:
    """Run one release end to end and record it. Raises ReleaseLocked when another run holds
    the lock, CancelledBeforeStart on a signal while waiting for it; every other problem,
    SIGINT and SIGTERM included, ends up in the report and its exit code."""
    env = resolve_environment(config, environ)
    run = Run(run_metadata(environ, repo_dir or config.base_dir), steps=plan_steps(config))
    with masked_logs(env.secrets), cancel_on_signals() as guard, contextlib.ExitStack() as session:
        try:
            conn = session.enter_context(_production_session(env, home, config.lock.wait_seconds))
        except KeyboardInterrupt as exc:
            raise CancelledBeforeStart(
                f"The release was cancelled ({signal_name(exc)}) while waiting for the release "
                "lock, before any step started. Nothing was changed."
            ) from None
        recorder = RunRecorder(conn, home, env.secrets)
        return _run_locked(config, env, run, recorder, guard, on_step)


def _run_locked(
    config: ReleaseConfig,
    env: ReleaseEnvironment,
    run: Run,
    recorder: RunRecorder,
    guard: CancelGuard,
    on_step: StepCallback | None,
) -> ReleaseReport:
    """The steps, then the record and the notification. Once the steps are over (or a signal
    stopped them), later signals are ignored so the record and the message always go out."""
    run.started_at = now_utc()
    runner = _Runner(config, env, run, recorder, on_step)
    deadline = None
    try:
        runner.execute()
        guard.disarm()
    except KeyboardInterrupt as exc:  # SIGINT or SIGTERM (see cancel.py)
        guard.disarm()
        runner.cancel(signal_name(exc))
        deadline = time.monotonic() + CANCEL_NOTIFY_SECONDS
    except BaseException as exc:
        guard.disarm()
        runner.abandon(exc)
        runner.notify(time.monotonic() + CANCEL_NOTIFY_SECONDS)
        recorder.finish(run)
        raise
    else:
        runner.conclude()
    deliveries = runner.notify(deadline)
    recorded = recorder.finish(run)
    assert run.exit_code is not None
    return ReleaseReport(run, run.exit_code, runner.pending, recorded, deliveries, env.secrets)
