"""The digest as one Discord embed: counts, money at stake, the step for each kind and links to
the desk. It names no debtor, case or person: a chat channel is no place for personal data.
Discord's limits (title 256, description 4096, 25 fields, field value 1024, 6,000 in all) are
enforced by the release notifier's fit_embed, shared here."""

from __future__ import annotations

from typing import Any

from dragonfly.release.discord import MAX_CONTENT, clip, fit_embed
from dragonfly.services.alerts.digest import Band, Digest
from dragonfly.services.alerts.wording import counted, desk_link, dollars, long_day

COLOUR_OVERDUE = 0xC0392B
COLOUR_DUE = 0xE67E22
COLOUR_CLEAR = 0x27AE60


def _band_value(band: Band, dashboard_url: str) -> str:
    lines = [
        f"• **{k.label}**: {counted(k.deadlines, 'deadline')}, {dollars(k.at_stake)} at stake."
        f" {k.next_step}"
        for k in band.kinds
    ]
    link = f"[Open on the desk]({desk_link(dashboard_url, band.desk_window)})"
    body = "\n".join(lines) if lines else "Nothing."
    # The link goes last and must survive the cut to 1,024 characters.
    return clip(body, 1024 - len(link) - 1) + "\n" + link


def discord_payload(digest: Digest, dashboard_url: str) -> dict[str, Any]:
    title = f"What is due — {long_day(digest.day)}"
    overdue = digest.bands[0].deadlines if digest.bands else 0
    description = (
        f"{counted(digest.deadlines, 'deadline')} overdue or due within "
        f"{max(digest.lead_days)} days; {dollars(digest.at_stake)} at stake (each judgment's "
        f"balance counted once). [Open the deadlines desk]({desk_link(dashboard_url, 'overdue')})"
    )
    fields = [
        {
            "name": f"{band.title}: {counted(band.deadlines, 'deadline')}, "
            f"{dollars(band.at_stake)}",
            "value": _band_value(band, dashboard_url),
        }
        for band in digest.bands
    ]
    colour = COLOUR_OVERDUE if overdue else COLOUR_DUE if digest.deadlines else COLOUR_CLEAR
    embed = {
        "title": title,
        "url": desk_link(dashboard_url, "next_7_days"),
        "description": description,
        "color": colour,
        "fields": fields,
        "footer": {
            "text": "Dragonfly daily digest · lead times "
            + ", ".join(str(n) for n in sorted(digest.lead_days, reverse=True))
            + " days · acknowledged and snoozed deadlines left out"
        },
    }
    return {
        "username": "Dragonfly deadlines",
        "content": clip(title, MAX_CONTENT),
        "embeds": [fit_embed(embed)],
        "allowed_mentions": {"parse": []},
    }
