"""`dragonfly release demo`: a whole release on this machine, into two embedded databases,
with local stand-ins for Railway, Vercel, the apps' /version and Discord."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dragonfly.core.embedded import start_embedded, stop_embedded
from dragonfly.migrate import default_migrations_dir
from dragonfly.release.config import ReleaseConfig
from dragonfly.release.metadata import run_metadata
from dragonfly.release.pipeline import ReleaseReport, StepCallback, run_release
from dragonfly.release.stand_in import StandInServer, StandInState

TARGETS = ("backend", "dashboard")
DEMO_TEST = (
    f'"{sys.executable}" -c "import os, psycopg; '
    "psycopg.connect(os.environ['DATABASE_URL']).close(); print('dev database answers')\""
)
MAX_SECONDS = 300


@dataclass
class DemoResult:
    report: ReleaseReport
    prod_url: str
    messages: list[dict[str, Any]]


def demo_config(base_url: str, repo_dir: Path) -> ReleaseConfig:
    """The shipped pipeline's shape with demo variables, short waits and no real cloud."""
    targets = [
        {
            "name": name,
            "label": f"{name} (local stand-in)",
            "kind": "webhook",
            "url_env": f"DEMO_{name.upper()}_HOOK",
            "timeout_seconds": 5,
            "verify": {
                "url": f"{base_url}/version/{name}",
                "timeout_seconds": 10,
                "interval_seconds": 0.25,
            },
        }
        for name in TARGETS
    ]
    return ReleaseConfig.model_validate(
        {
            "tests": {"command": DEMO_TEST, "timeout_seconds": 60},
            "migrations": {"directory": default_migrations_dir()},
            "lock": {"wait_seconds": 10},
            "deploy": targets,
            "notify": [{"kind": "discord", "url_env": "DEMO_DISCORD_WEBHOOK", "retries": 1}],
            "base_dir": repo_dir,
        }
    )


def run_demo(
    home: Path,
    environ: Mapping[str, str],
    *,
    broken: set[str] | None = None,
    dev_url: str | None = None,
    prod_url: str | None = None,
    on_step: StepCallback | None = None,
) -> DemoResult:
    """Start (or reuse) the demo databases under `home`, then release into them."""
    demo_home = home / "release-demo"
    dev_url = dev_url or start_embedded(demo_home / "dev")
    prod_url = prod_url or start_embedded(demo_home / "prod")
    repo_dir = Path.cwd()
    # The demo releases the local checkout, even when run inside a CI job.
    local = {k: v for k, v in environ.items() if not k.startswith("GITHUB_")}
    commit = run_metadata(local, repo_dir).commit
    state = StandInState(commit=commit, broken=set(broken or ()))
    server = StandInServer(state, MAX_SECONDS).start()
    try:
        env = {
            **local,
            "SUPABASE_DB_URL_DEV": dev_url,
            "SUPABASE_DB_URL_PROD": prod_url,
            "DEMO_DISCORD_WEBHOOK": f"{server.base_url}/discord",
            **{f"DEMO_{t.upper()}_HOOK": f"{server.base_url}/hooks/{t}" for t in TARGETS},
        }
        env["PATH"] = environ.get("PATH", os.defpath)
        config = demo_config(server.base_url, repo_dir)
        report = run_release(config, env, home=demo_home, on_step=on_step, repo_dir=repo_dir)
    finally:
        server.stop()
    return DemoResult(report, prod_url, list(state.messages))


def stop_demo(home: Path) -> int:
    """Stop the demo's dev and prod servers; returns how many were running."""
    return sum(stop_embedded(home / "release-demo" / name) for name in ("dev", "prod"))
