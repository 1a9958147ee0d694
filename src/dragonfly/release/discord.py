"""The Discord webhook message for a run, cut to fit Discord's published limits."""

from __future__ import annotations

from typing import Any

from dragonfly.release.model import Run
from dragonfly.release.report import COLOURS, ICONS, describe, format_duration, step_line, title

# Discord's limits for webhook messages (characters).
MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis when cut; never empty."""
    text = text.strip() or "-"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _field(name: str, value: str, *, inline: bool = False) -> dict[str, Any]:
    return {
        "name": clip(name, MAX_FIELD_NAME),
        "value": clip(value, MAX_FIELD_VALUE),
        "inline": inline,
    }


def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts towards the 6,000 total of a message's embeds."""
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(embed.get("footer", {}).get("text", ""))
    )


def fit_embed(embed: dict[str, Any]) -> dict[str, Any]:
    """Enforce every per-part limit, then shrink the description and the longest field values
    until the whole embed fits the 6,000-character total."""
    embed = dict(embed)
    embed["title"] = clip(embed.get("title", ""), MAX_TITLE)
    embed["description"] = clip(embed.get("description", ""), MAX_DESCRIPTION)
    fields = [
        _field(f["name"], f["value"], inline=f.get("inline", False))
        for f in embed.get("fields", [])
    ]
    embed["fields"] = fields[:MAX_FIELDS]
    if "footer" in embed:
        embed["footer"] = {"text": clip(embed["footer"]["text"], MAX_FOOTER)}
    while embed_size(embed) > MAX_EMBED_TOTAL:
        excess = embed_size(embed) - MAX_EMBED_TOTAL
        if len(embed["description"]) > 200:
            keep = max(200, len(embed["description"]) - excess)
            embed["description"] = clip(embed["description"], keep)
            continue
        longest = max(embed["fields"], key=lambda f: len(f["value"]))
        if len(longest["value"]) <= 20:
            embed["fields"] = embed["fields"][:-1]  # last resort: drop trailing fields
            continue
        keep = max(20, len(longest["value"]) - excess)
        longest["value"] = clip(longest["value"], keep)
    return embed


def discord_payload(run: Run, project: str) -> dict[str, Any]:
    """One embed: title with the runbook's emoji, colour, commit/author/branch, each step,
    duration and the run link. Mentions are disabled so a message can never ping anyone."""
    meta = run.meta
    fields = [
        _field("Commit", f"`{meta.short_commit}`", inline=True),
        _field("Author", meta.author, inline=True),
        _field("Branch", meta.branch, inline=True),
    ]
    fields += [_field(f"{ICONS[s.status]} {s.name}", step_line(s)) for s in run.pipeline_steps()]
    fields.append(_field("Duration", format_duration(run.duration_ms), inline=True))
    fields.append(
        _field("Run", f"[View run]({meta.run_url})" if meta.run_url else meta.triggered_by)
    )
    embed: dict[str, Any] = {
        "title": title(run, project),
        "description": describe(run),
        "color": COLOURS[run.outcome],
        "fields": fields,
        "footer": {"text": f"dragonfly release · {meta.triggered_by}"},
        "timestamp": (run.finished_at or run.started_at).isoformat(),
    }
    if meta.run_url:
        embed["url"] = meta.run_url
    return {
        "username": f"{project} release",
        "content": clip(title(run, project), MAX_CONTENT),
        "embeds": [fit_embed(embed)],
        "allowed_mentions": {"parse": []},
    }
