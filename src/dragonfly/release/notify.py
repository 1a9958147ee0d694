"""Send the run's message to each configured notifier. A failure here is reported, never raised:
the release outcome does not depend on whether a chat message arrived."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from dragonfly.core.secrets import redact
from dragonfly.release.discord import discord_payload
from dragonfly.release.environment import ResolvedNotifier
from dragonfly.release.model import Run
from dragonfly.release.outbound import http_client
from dragonfly.release.redaction import redact_tree
from dragonfly.release.report import describe, run_as_dict, title

log = logging.getLogger("dragonfly.release")


@dataclass(frozen=True)
class Delivery:
    kind: str
    variable: str
    delivered: bool
    message: str


def generic_payload(run: Run, project: str) -> dict[str, Any]:
    """For any JSON webhook: the title, the summary and the whole run record."""
    return {
        "event": "dragonfly.release",
        "title": title(run, project),
        "outcome": run.outcome.value,
        "summary": describe(run),
        "run": run_as_dict(run),
    }


def _retry_after(response: httpx.Response) -> float:
    """Seconds Discord asks us to wait: `retry_after` in the JSON body, else the header."""
    try:
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("retry_after"), int | float):
            return float(body["retry_after"])
    except ValueError:
        pass
    try:
        return float(response.headers.get("Retry-After", "1"))
    except ValueError:
        return 1.0


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    timeout: float,
    retries: int,
    max_wait: float,
    deadline: float | None = None,
) -> tuple[bool, str]:
    """POST with bounded retries: waits as told on 429, backs off on 5xx and network errors.
    With a `deadline` (time.monotonic()), no attempt or wait runs past it."""
    problem, made = "not attempted", 0
    with http_client(timeout) as client:
        for attempt in range(retries + 1):
            wait = min(0.5 * 2**attempt, max_wait)
            left = timeout if deadline is None else min(timeout, deadline - time.monotonic())
            if left <= 0:
                problem = "no time left (the release was cancelled)"
                break
            made += 1
            try:
                response = client.post(url, json=payload, timeout=left)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                problem = f"no answer ({type(exc).__name__})"
            else:
                if response.is_success:
                    return True, f"delivered (HTTP {response.status_code})"
                problem = f"HTTP {response.status_code}"
                if response.status_code == 429:
                    wait = min(_retry_after(response), max_wait)
                elif response.status_code < 500:
                    return False, f"refused: {problem} {response.text[:200]}"
            if attempt < retries:
                if deadline is not None:
                    wait = min(wait, max(0.0, deadline - time.monotonic()))
                time.sleep(wait)
    return False, f"not delivered after {made} attempt(s): {problem}"


def send_notifications(
    run: Run,
    notifiers: list[ResolvedNotifier],
    project: str,
    secrets: list[str],
    *,
    deadline: float | None = None,
) -> list[Delivery]:
    """Every configured notifier gets one message; unset variables are skipped. With a
    `deadline` (a cancelled run), every delivery ends by then."""
    deliveries = []
    for notifier in notifiers:
        config = notifier.config
        if notifier.url is None:
            deliveries.append(Delivery(config.kind, config.url_env, False, "variable unset"))
            continue
        raw = (
            discord_payload(run, project)
            if config.kind == "discord"
            else generic_payload(run, project)
        )
        ok, message = post_json(
            notifier.url,
            redact_tree(raw, secrets),
            timeout=config.timeout_seconds,
            retries=config.retries,
            max_wait=config.max_retry_wait_seconds,
            deadline=deadline,
        )
        message = redact(message, secrets)
        if not ok:
            log.warning("%s notification (%s) %s", config.kind, config.url_env, message)
        deliveries.append(Delivery(config.kind, config.url_env, ok, message))
    return deliveries
