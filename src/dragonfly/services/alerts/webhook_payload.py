"""The digest as JSON for any webhook receiver: the same figures as the Discord message (no
debtor, case or person), money as decimal strings."""

from __future__ import annotations

from typing import Any

from dragonfly.services.alerts.digest import Digest
from dragonfly.services.alerts.wording import desk_link


def webhook_payload(digest: Digest, dashboard_url: str) -> dict[str, Any]:
    return {
        "event": "dragonfly.digest",
        "day": digest.day.isoformat(),
        "lead_days": sorted(digest.lead_days, reverse=True),
        "deadlines": digest.deadlines,
        "at_stake": str(digest.at_stake),
        "desk_url": desk_link(dashboard_url, "overdue"),
        "bands": [
            {
                "key": band.key,
                "title": band.title,
                "first": band.first.isoformat(),
                "last": band.last.isoformat(),
                "deadlines": band.deadlines,
                "judgments": band.judgments,
                "at_stake": str(band.at_stake),
                "desk_url": desk_link(dashboard_url, band.desk_window),
                "kinds": [
                    {
                        "name": k.name,
                        "label": k.label,
                        "deadlines": k.deadlines,
                        "judgments": k.judgments,
                        "at_stake": str(k.at_stake),
                        "next_step": k.next_step,
                    }
                    for k in band.kinds
                ],
            }
            for band in digest.bands
        ],
    }
