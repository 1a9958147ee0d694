"""Which prescribed passages a template needs, and a refusal while one is not installed.

Statutory wording is never written from memory: each passage is a file under
templates/statutory/, transcribed from the official text by counsel. A shipped file that is not
yet transcribed says `#let installed = false`; counsel puts a copy with the statute's words and
`#let installed = true` in the firm's folder (DRAGONFLY_PAPER_TEMPLATES). Until then a paper that
includes the passage is refused rather than served with a placeholder in its place.
"""

from __future__ import annotations

import re
from pathlib import Path

from dragonfly.papers.facts import JudgmentRow, PaperRefused
from dragonfly.papers.render import gathered_templates

_IMPORTS = re.compile(r'#(?:import|include)\s+"([^"]+\.typ)"')
_NOT_INSTALLED = re.compile(rb"^#let installed = false\b", re.MULTILINE)


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
    missing = [n for n in wanted if n not in files or _NOT_INSTALLED.search(files[n])]
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
