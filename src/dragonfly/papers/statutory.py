"""Which prescribed passages a template needs, and a refusal while one is not installed.

Statutory wording is never written from memory: each passage is a file under
templates/statutory/ transcribed from the official text. Until that file is present (shipped or
in the firm's folder), a paper that includes it is refused rather than printed without it.
"""

from __future__ import annotations

import re
from pathlib import Path

from dragonfly.papers.facts import JudgmentRow, PaperRefused
from dragonfly.papers.render import gathered_templates

_IMPORTS = re.compile(r'#(?:import|include)\s+"([^"]+\.typ)"')


def needed_files(template: str, files: dict[str, bytes]) -> list[str]:
    """Every file `template` imports or includes, directly or through another file."""
    seen: list[str] = []
    queue = [template]
    while queue:
        name = queue.pop()
        for found in _IMPORTS.findall(files.get(name, b"").decode("utf-8", "replace")):
            if found not in seen:
                seen.append(found)
                queue.append(found)
    return seen


def refuse_without_prescribed_text(
    template: str, extra: list[str], override: Path | None, j: JudgmentRow
) -> None:
    """PaperRefused naming each prescribed passage the paper needs and the templates lack."""
    files = gathered_templates(override)
    # Statutory passages are always needed; other includes only when the builder asks for them
    # (the demand letter includes counsel's text for a consumer debt only).
    wanted = [name for name in needed_files(template, files) if name.startswith("statutory/")]
    wanted += extra
    missing = [name for name in wanted if name not in files]
    statutory = [name for name in missing if name.startswith("statutory/")]
    counsel = [name for name in missing if not name.startswith("statutory/")]
    reasons = []
    if statutory:
        reasons.append(
            f"statutory text not yet installed ({', '.join(statutory)}): the prescribed wording "
            "is transcribed from the official text into that file"
        )
    if counsel:
        reasons.append(
            f"text counsel must supply is not in the firm's templates folder ({', '.join(counsel)})"
        )
    if reasons:
        raise PaperRefused(
            f"The paper for judgment {j.index_number} cannot be made: "
            + "; ".join(reasons)
            + " (docs/PAPERS.md).",
            details={"missing": missing},
        )
