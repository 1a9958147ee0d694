"""What a paper's builder hands back: the facts for its template and the action it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Prepared:
    data: dict[str, Any]
    action_id: int | None
    # Files beyond the template's own imports that must be present (e.g. text counsel supplies).
    prescribed: tuple[str, ...] = ()
