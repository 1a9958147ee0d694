"""Collectability score v1: five explainable components, a total of 0-100 and a tier A-F."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dragonfly.domain.deadlines import judgment_expiry
from dragonfly.domain.rules import Rules, packaged_rules
from dragonfly.domain.score_spec import ScoreSpec
from dragonfly.domain.vocabulary import AssetKind, JudgmentStatus, PartyKind

# Statuses that make a judgment worth nothing to pursue, with the reason shown beside the 0.
ZEROED_STATUSES = {
    JudgmentStatus.SATISFIED: "satisfied",
    JudgmentStatus.EXPIRED: "expired",
    JudgmentStatus.VACATED: "vacated",
}


@dataclass(frozen=True)
class AssetSignal:
    kind: AssetKind
    benefits_only: bool = False


@dataclass(frozen=True)
class ScoreInputs:
    """What the score reads from judgments, debtors and debtor_assets."""

    balance: Decimal | None
    entry_date: date
    status: JudgmentStatus = JudgmentStatus.ACTIVE
    debtor_name: str | None = None
    debtor_kind: PartyKind = PartyKind.UNKNOWN
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    raw_address: str | None = None
    assets: Sequence[AssetSignal] = ()
    # The day the judgment is treated as expired (CPLR 211(b), `deadlines.enforceability`);
    # None: twenty years from entry.
    enforceable_until: date | None = None


@dataclass(frozen=True)
class Component:
    name: str
    points: int
    max: int
    reason: str


@dataclass(frozen=True)
class ScoreResult:
    total: int
    tier: str
    version: str
    as_of: date
    components: list[Component] = field(default_factory=list)
    zeroed_because: str | None = None

    def points_by_name(self) -> dict[str, int]:
        return {c.name: c.points for c in self.components}


def score_judgment(
    inputs: ScoreInputs, as_of: date, spec: ScoreSpec, rules: Rules | None = None
) -> ScoreResult:
    """Score one judgment as of a date. Expired, satisfied or vacated judgments score 0."""
    rules = rules or packaged_rules()
    zeroed = zero_reason(
        inputs.status, inputs.entry_date, as_of, rules, inputs.enforceable_until, inputs.balance
    )
    if zeroed:
        components = [Component(name, 0, top, zeroed) for name, top in _maxima(spec)]
        return ScoreResult(0, tier_for(0, spec), spec.version, as_of, components, zeroed)
    components = [
        amount_component(inputs.balance, spec),
        age_component((as_of - inputs.entry_date).days, spec),
        debtor_kind_component(inputs.debtor_name, inputs.debtor_kind, spec),
        locatability_component(inputs, spec),
        assets_component(inputs.assets, spec),
    ]
    total = sum(c.points for c in components)
    return ScoreResult(total, tier_for(total, spec), spec.version, as_of, components)


def zero_reason(
    status: JudgmentStatus,
    entry_date: date,
    as_of: date,
    rules: Rules,
    enforceable_until: date | None = None,
    balance: Decimal | None = None,
) -> str | None:
    if status in ZEROED_STATUSES:
        return ZEROED_STATUSES[status]
    if as_of >= (enforceable_until or judgment_expiry(entry_date, rules)):
        return "expired"
    # Nothing is left to collect: it scores 0 until someone records the satisfaction.
    if balance is not None and balance <= 0:
        return "paid in full"
    return None


def _maxima(spec: ScoreSpec) -> list[tuple[str, int]]:
    return [
        ("amount", spec.amount.max),
        ("age", spec.age.max),
        ("debtor_kind", spec.debtor_kind.max),
        ("locatability", spec.locatability.max),
        ("assets", spec.assets.max),
    ]


def tier_for(total: int, spec: ScoreSpec) -> str:
    return next(t.tier for t in spec.tiers if total >= t.min)


def amount_component(balance: Decimal | None, spec: ScoreSpec) -> Component:
    bands = spec.amount
    if balance is None:
        return Component("amount", 0, bands.max, "balance not computed")
    band = bisect.bisect_right(bands.lower_bounds, balance)
    return Component("amount", bands.points[band], bands.max, bands.labels[band])


def age_component(days: int, spec: ScoreSpec) -> Component:
    bands = spec.age
    band = bisect.bisect_left(bands.up_to, max(days, 0))
    return Component("age", bands.points[band], bands.max, bands.labels[band])


def is_business_name(name: str, spec: ScoreSpec) -> bool:
    return re.search(spec.business_pattern(), name, flags=re.IGNORECASE) is not None


def debtor_kind_component(name: str | None, kind: PartyKind, spec: ScoreSpec) -> Component:
    points = spec.debtor_kind
    if not name or not name.strip():
        return Component("debtor_kind", points.unnamed, points.max, "no debtor name")
    if kind is PartyKind.BUSINESS or is_business_name(name, spec):
        return Component("debtor_kind", points.business, points.max, "business debtor")
    return Component("debtor_kind", points.individual, points.max, "named individual")


def locatability_component(inputs: ScoreInputs, spec: ScoreSpec) -> Component:
    rule = spec.locatability

    def has(pattern: str, text: str | None) -> bool:
        return text is not None and re.search(pattern, text) is not None

    structured = has(rule.street_number, inputs.street) and has(rule.zip, inputs.zip)
    raw = has(rule.street_number, inputs.raw_address) and has(rule.zip, inputs.raw_address)
    if structured or raw:
        return Component("locatability", rule.full, rule.max, "street number and ZIP known")
    parts = (inputs.street, inputs.city, inputs.state, inputs.zip, inputs.raw_address)
    if any(p and p.strip() for p in parts):
        return Component("locatability", rule.partial, rule.max, "partial address")
    return Component("locatability", rule.none, rule.max, "no address")


def assets_component(assets: Sequence[AssetSignal], spec: ScoreSpec) -> Component:
    points = spec.assets
    kinds = {a.kind for a in assets}
    usable_bank = any(a.kind is AssetKind.BANK and not a.benefits_only for a in assets)
    found: list[tuple[str, int]] = []
    if AssetKind.EMPLOYER in kinds:
        found.append(("employer", points.employer))
    if usable_bank:
        found.append(("bank", points.bank))
    elif AssetKind.BANK in kinds:
        found.append(("bank is benefits-only", 0))
    if AssetKind.REAL_PROPERTY in kinds:
        found.append(("real property", points.real_property))
    if AssetKind.VEHICLE in kinds:
        found.append(("vehicle", points.vehicle))
    raw_total = sum(p for _, p in found)
    total = min(raw_total, points.max)
    reason = ", ".join(f"{name} +{p}" for name, p in found) or "no assets known"
    if raw_total > points.max:
        reason += f" (capped at {points.max})"
    return Component("assets", total, points.max, reason)
