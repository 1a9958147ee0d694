"""Deploy targets (a webhook such as Railway's or Vercel's deploy hook, or any command), and the
verification that polls a `/version` endpoint until it reports the released commit."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from dragonfly.release.config import VerifyConfig
from dragonfly.release.environment import ResolvedTarget
from dragonfly.release.outbound import http_client
from dragonfly.release.testrun import run_command


@dataclass(frozen=True)
class Attempt:
    ok: bool
    message: str


def _call_hook(target: ResolvedTarget, url: str) -> Attempt:
    """Retry only when the request never reached the server, so a hook never fires twice."""
    config = target.config
    last = ""
    for attempt in range(config.retries + 1):
        if attempt:
            time.sleep(min(2.0**attempt, 10.0))
        try:
            with http_client(config.timeout_seconds) as client:
                response = client.request(config.method, url)
        except httpx.ConnectError as exc:
            last = f"could not connect ({exc})"
            continue
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Attempt(False, f"the hook request failed: {type(exc).__name__} ({exc})")
        if response.status_code in config.expected_status:
            return Attempt(True, f"hook answered HTTP {response.status_code}")
        expected = ", ".join(str(s) for s in config.expected_status)
        return Attempt(False, f"hook answered HTTP {response.status_code} (expected {expected})")
    return Attempt(False, f"the hook {last} after {config.retries + 1} attempt(s)")


def trigger_deploy(target: ResolvedTarget, environ: Mapping[str, str], cwd: Path) -> Attempt:
    """Start one deploy. The caller has already skipped targets whose variable is unset."""
    if target.config.kind == "command":
        assert target.config.command is not None  # checked when release.toml was read
        done = run_command(target.config.command, environ, cwd, target.config.timeout_seconds)
        if done.ok:
            return Attempt(True, "command ran")
        last_line = done.output_tail.splitlines()[-1] if done.output_tail else ""
        return Attempt(False, f"command {done.summary}" + (f": {last_line}" if last_line else ""))
    assert target.url is not None
    return _call_hook(target, target.url)


def _reported_commit(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    commit = body.get("commit") if isinstance(body, dict) else None
    return commit if isinstance(commit, str) else None


def same_commit(reported: str, released: str) -> bool:
    """Full or abbreviated (7+ characters) forms of the same commit."""
    shortest = min(len(reported), len(released))
    return shortest >= 7 and reported[:shortest].lower() == released[:shortest].lower()


def verify_commit(url: str, config: VerifyConfig, commit: str) -> Attempt:
    """Poll `url` until its `commit` is the released one, or time out."""
    deadline = time.monotonic() + config.timeout_seconds
    started = time.monotonic()
    seen = "no answer yet"
    with http_client(config.request_timeout_seconds) as client:
        while True:
            try:
                response = client.get(url)
                reported = _reported_commit(response) if response.status_code == 200 else None
                if reported and same_commit(reported, commit):
                    waited = time.monotonic() - started
                    return Attempt(True, f"reports commit {reported[:7]} (after {waited:.0f} s)")
                seen = (
                    f"it still reports commit {reported[:7]}"
                    if reported
                    else f"it answered HTTP {response.status_code} without a commit"
                )
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                seen = f"it did not answer ({type(exc).__name__})"
            if time.monotonic() + config.interval_seconds > deadline:
                break
            time.sleep(config.interval_seconds)
    return Attempt(
        False,
        f"not verified: after {config.timeout_seconds:g} s {seen}, not {commit[:7]}",
    )
