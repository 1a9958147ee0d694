"""Which source spec a file's header row belongs to.

Every source reads headers through the shared aliases (sources/fields.toml) plus its own. A
source *claims* a file when its own header names alone cover every field it requires: the file
looks like that vendor's file. Among the sources claiming a file, the one that understands the
most of its columns wins (then the one matching more of its own names, then the narrower one).
When no source claims the file, the fallback source (`generic`) takes it if the shared aliases
find its required fields; otherwise the file needs a mapping (`--map`, or Intake's mapping step).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from dragonfly.errors import InputError
from dragonfly.ingest.specs import SHARED_ALIASES, SourceSpec, header_key


class SourceNotDetected(InputError):
    """No spec fits the header row, or more than one fits equally well."""

    code = "source_not_detected"


@dataclass(frozen=True)
class Fit:
    spec: SourceSpec
    recognised: int  # headers the spec understands (mapped or knowingly ignored)
    own: int  # headers named by the spec itself
    missing: list[str]  # required fields without a column ("court or county" for one-of)
    claims: bool


def _fit(spec: SourceSpec, headers: list[str]) -> Fit:
    present = set(spec.field_columns(headers))
    known = spec.known_headers()
    own = spec.own_headers()
    keys = [header_key(h) for h in headers]
    missing = [field for field in spec.required if field not in present]
    if spec.required_one_of and not present & set(spec.required_one_of):
        missing.append(" or ".join(spec.required_one_of))
    own_fields = {
        field for field, names in spec.columns.items() for n in names if header_key(n) in keys
    }
    claims = not spec.fallback and set(spec.required) <= own_fields
    return Fit(spec, sum(k in known for k in keys), sum(k in own for k in keys), missing, claims)


def _rank(fit: Fit) -> tuple[int, int, int]:
    # More of the file's columns understood first; then more of the source's own names; then
    # the narrower spec (13 before 26 columns).
    return (fit.recognised, fit.own, -len(fit.spec.own_headers()))


def detect_source(headers: list[str], specs: dict[str, SourceSpec]) -> SourceSpec:
    """The spec whose own headers claim the file, else the fallback spec when it fits."""
    fits = [_fit(spec, headers) for spec in specs.values()]
    claimed = sorted((f for f in fits if f.claims and not f.missing), key=_rank, reverse=True)
    if not claimed:
        claimed = sorted((f for f in fits if f.spec.fallback and not f.missing), key=_rank)
        claimed.reverse()
    if claimed:
        best = [f for f in claimed if _rank(f) == _rank(claimed[0])]
        if len(best) == 1:
            return best[0].spec
        names = ", ".join(sorted(f.spec.name for f in best))
        raise SourceNotDetected(
            f"The header row fits more than one source equally well: {names}. "
            "Choose one with --source NAME."
        )
    raise SourceNotDetected(_nothing_fits(headers, fits), details={"headers": headers})


def _wanted_header(spec: SourceSpec, field: str) -> str:
    if field in spec.columns:
        return spec.columns[field][0]
    names = [SHARED_ALIASES[f][1] for f in field.split(" or ") if f in SHARED_ALIASES]
    return "' or '".join(names) if names else field


def _nothing_fits(headers: list[str], fits: list[Fit]) -> str:
    lacking = [f for f in fits if f.missing] or fits
    nearest = max(lacking, key=lambda f: (-len(f.missing), f.spec.fallback, f.recognised))
    seen = {header_key(h): h.strip() for h in headers}
    hints = []
    for field in nearest.missing:
        name = _wanted_header(nearest.spec, field)
        close = difflib.get_close_matches(header_key(name), list(seen), n=1, cutoff=0.6)
        hint = f" (closest header seen: '{seen[close[0]]}')" if close else ""
        hints.append(f"{field.replace('_', ' ')}, e.g. '{name}'{hint}")
    return (
        "No source matches this file's header row. The closest is "
        f"'{nearest.spec.name}', which finds no column for: {'; '.join(hints)}. "
        "Map the columns yourself with --map FIELD=HEADER (for example "
        "--map index_number='Docket Id'), choose a source with --source NAME, or save a source "
        "for files like this one with `dragonfly sources new NAME --from FILE` (or the mapping "
        "step on the dashboard's Intake)."
    )


def check_columns(spec: SourceSpec, headers: list[str]) -> None:
    """With --source NAME or --map: refuse a file lacking that spec's required columns."""
    fit = _fit(spec, headers)
    if fit.missing:
        raise SourceNotDetected(_nothing_fits(headers, [fit]).replace("The closest is", "Source"))
