"""Which source spec a file's header row belongs to."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from dragonfly.errors import InputError
from dragonfly.ingest.specs import SourceSpec, header_key


class SourceNotDetected(InputError):
    """No spec fits the header row, or more than one fits equally well."""

    code = "source_not_detected"


@dataclass(frozen=True)
class Fit:
    spec: SourceSpec
    recognised: int
    missing: list[str]


def _fit(spec: SourceSpec, headers: list[str]) -> Fit:
    aliases = spec.aliases()
    present = {aliases[header_key(h)] for h in headers if header_key(h) in aliases}
    known = spec.known_headers()
    recognised = sum(1 for h in headers if header_key(h) in known)
    missing = [field for field in spec.required if field not in present]
    return Fit(spec, recognised, missing)


def _rank(fit: Fit) -> tuple[int, int]:
    # More of the file's columns understood first; then the narrower spec (13 before 26 columns).
    return (fit.recognised, -len(fit.spec.known_headers()))


def detect_source(headers: list[str], specs: dict[str, SourceSpec]) -> SourceSpec:
    """The one spec whose required columns are all present and that explains the most headers."""
    fits = [_fit(spec, headers) for spec in specs.values()]
    complete = sorted((f for f in fits if not f.missing), key=_rank, reverse=True)
    if complete:
        best = [f for f in complete if _rank(f) == _rank(complete[0])]
        if len(best) == 1:
            return best[0].spec
        names = ", ".join(sorted(f.spec.name for f in best))
        raise SourceNotDetected(
            f"The header row fits more than one source equally well: {names}. "
            "Choose one with --source NAME."
        )
    raise SourceNotDetected(_nothing_fits(headers, fits))


def _nothing_fits(headers: list[str], fits: list[Fit]) -> str:
    nearest = max(fits, key=lambda f: (len(f.spec.required) - len(f.missing), f.recognised))
    wanted = [nearest.spec.columns[field][0] for field in nearest.missing]
    seen = {header_key(h): h.strip() for h in headers}
    hints = []
    for name in wanted:
        close = difflib.get_close_matches(header_key(name), list(seen), n=1, cutoff=0.5)
        hint = f" (closest header seen: '{seen[close[0]]}')" if close else ""
        hints.append(f"'{name}'{hint}")
    return (
        "No source matches this file's header row. The closest is "
        f"'{nearest.spec.name}', which is missing the column(s) {', '.join(hints)}. "
        "Check the header row, choose a source with --source NAME, "
        "or add a source spec (see `dragonfly sources list`)."
    )


def check_columns(spec: SourceSpec, headers: list[str]) -> None:
    """With --source NAME: refuse a file lacking that spec's required columns."""
    fit = _fit(spec, headers)
    if fit.missing:
        raise SourceNotDetected(_nothing_fits(headers, [fit]).replace("The closest is", "Source"))
