"""`dragonfly release --dry-run`: what a release would do, changing nothing.

Only read-only checks run (the preflight); no test command, no lock, no database write, no hook,
no notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dragonfly.release.config import ReleaseConfig
from dragonfly.release.environment import resolve_environment
from dragonfly.release.metadata import run_metadata
from dragonfly.release.model import EXIT_PREFLIGHT_FAILED, EXIT_SUCCESS, Outcome, Run, StepStatus
from dragonfly.release.pipeline import ReleaseReport, plan_steps
from dragonfly.release.preflight import run_preflight
from dragonfly.release.redaction import masked_logs


def _would(config: ReleaseConfig, key: str, pending: list[str]) -> str:
    if key == "tests":
        return (
            f"would run `{config.tests.command}` with {config.tests.database_env} set to the "
            f"dev database ({config.databases.dev_url_env})"
        )
    if key == "migrations":
        if not pending:
            return "nothing pending"
        return f"would apply {len(pending)} file(s) in order: {', '.join(pending)}"
    return ""


def _would_deploy(config: ReleaseConfig, run: Run, environ: Mapping[str, str]) -> None:
    env = resolve_environment(config, environ)
    for target in env.targets:
        deploy, verify = (
            run.step(f"deploy:{target.config.name}"),
            run.step(f"verify:{target.config.name}"),
        )
        if target.config.kind == "command":
            deploy.message = f"would run `{target.config.command}`"
        elif target.url is None:
            deploy.message = f"would be SKIPPED: {target.config.url_env} is not set"
        else:
            deploy.message = f"would {target.config.method} to ${target.config.url_env}"
        verify_config = target.config.verify
        if verify_config is None:
            verify.message = "no verification configured: the deploy would be unconfirmed"
        elif target.verify_url is None:
            verify.message = f"would be SKIPPED: {verify_config.url_env} is not set"
        else:
            # A URL from a variable is named, not shown: it may be secret.
            source = f"${verify_config.url_env}" if verify_config.url_env else target.verify_url
            verify.message = (
                f"would poll {source} for commit {run.meta.short_commit} "
                f"(up to {verify_config.timeout_seconds:g} s)"
            )
    sends = [
        f"{n.config.kind} (${n.config.url_env})" + ("" if n.url else " SKIPPED: unset")
        for n in env.notifiers
    ]
    run.step("notify").message = "would notify " + (", ".join(sends) or "nobody (none configured)")


def plan_release(
    config: ReleaseConfig, environ: Mapping[str, str], *, repo_dir: Path | None = None
) -> ReleaseReport:
    """The dry run's report: preflight's verdict and every step's intended action."""
    env = resolve_environment(config, environ)
    run = Run(run_metadata(environ, repo_dir or config.base_dir), dry_run=True)
    run.steps = plan_steps(config)
    with masked_logs(env.secrets):
        result = run_preflight(config, env)
    preflight = run.step("preflight")
    preflight.begin()
    preflight.end(StepStatus.SUCCESS if result.ok else StepStatus.FAILED, result.message())
    for step in run.steps[1:]:
        step.message = _would(config, step.key, result.pending)
    _would_deploy(config, run, environ)
    run.outcome = Outcome.SUCCESS if result.ok else Outcome.FAILED
    run.exit_code = EXIT_SUCCESS if result.ok else EXIT_PREFLIGHT_FAILED
    run.failed_step = None if result.ok else preflight.name
    run.summary = (
        "Dry run: nothing was changed."
        if result.ok
        else f"Dry run: preflight would stop the release: {result.message()}."
    )
    return ReleaseReport(
        run, run.exit_code, result.pending, "not recorded (dry run)", [], env.secrets
    )
