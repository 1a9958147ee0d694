"""Post-judgment interest and balances (CPLR 5003/5004, FCJIA): pure functions over a ledger.

Interest is simple, actual days / 365, counted from a period's start up to (not including) its
end. It is posted, rounded half-up to cents, at every ledger event, at the consumer-rate change
and at the as-of date; each posting is one `Period` row a person can re-add by hand.
Payments go to accrued interest first, then costs and principal in the order the rules say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dragonfly.domain.errors import LedgerError
from dragonfly.domain.money import ZERO, simple_interest, to_cents
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind


@dataclass(frozen=True)
class LedgerItem:
    """A payment, a cost or an adjustment, effective on a date."""

    kind: LedgerKind
    amount: Decimal
    on: date


@dataclass(frozen=True)
class Period:
    """One interest posting: `base` at `rate` percent for `days` days from start to end."""

    start: date
    end: date
    days: int
    rate: Decimal
    base: Decimal
    interest: Decimal


@dataclass(frozen=True)
class BalanceBreakdown:
    """What is owed as of a date, and how it got there.

    principal, interest, costs, paid and adjustments are totals since entry; the *_due fields are
    what remains of each after payments, and balance is their sum.
    """

    principal: Decimal
    interest: Decimal
    costs: Decimal
    paid: Decimal
    adjustments: Decimal
    balance: Decimal
    as_of: date
    principal_due: Decimal
    interest_due: Decimal
    costs_due: Decimal
    overpaid: Decimal
    periods: list[Period] = field(default_factory=list)


@dataclass
class _Walk:
    """Running state while the ledger is replayed in date order."""

    principal_due: Decimal
    costs_due: Decimal
    interest_due: Decimal = ZERO
    credit: Decimal = ZERO
    interest_total: Decimal = ZERO
    paid: Decimal = ZERO
    costs_total: Decimal = ZERO
    adjustments: Decimal = ZERO
    unpaid_at_act: Decimal | None = None
    periods: list[Period] = field(default_factory=list)
    # Interest runs to this day at most (satisfaction or vacatur); later payments still count.
    interest_stops_on: date | None = None


def compute_balance(
    principal: Decimal,
    entered: date,
    regime: InterestRegime,
    ledger: Sequence[LedgerItem],
    as_of: date,
    rules: Rules,
    *,
    costs: Decimal = ZERO,
    interest_stops_on: date | None = None,
) -> BalanceBreakdown:
    """The balance of a judgment on `as_of` (ledger entries after `as_of` are ignored).

    `costs` are the costs awarded in the judgment itself; like ledger costs they earn no interest.
    `interest_stops_on` (satisfaction or vacatur) ends accrual; entries after it still apply.
    Raises LedgerError for inputs no court would accept (negative amounts, entries before entry).
    """
    _check_inputs(principal, costs, entered, ledger, as_of)
    events = sorted((item for item in ledger if item.on <= as_of), key=lambda item: item.on)
    if regime is InterestRegime.CONSUMER and entered < rules.consumer_act_date:
        walk = _walk_pre_act_consumer(
            principal, costs, entered, events, as_of, rules, interest_stops_on
        )
    else:
        walk = _replay(
            principal, costs, entered, regime, events, as_of, rules, None, interest_stops_on
        )
    return _summarise(principal, costs, as_of, walk)


def _check_inputs(
    principal: Decimal, costs: Decimal, entered: date, ledger: Sequence[LedgerItem], as_of: date
) -> None:
    if principal < 0 or costs < 0:
        raise LedgerError("Principal and costs must not be negative.")
    if as_of < entered:
        raise LedgerError(f"The as-of date {as_of} is before the entry date {entered}.")
    for item in ledger:
        if item.kind is not LedgerKind.ADJUSTMENT and item.amount <= 0:
            raise LedgerError(f"A {item.kind} on {item.on} must be a positive amount.")
        if item.amount == 0:
            raise LedgerError(f"An adjustment on {item.on} must not be zero.")
        if item.on < entered:
            raise LedgerError(
                f"A {item.kind} on {item.on} is before the judgment was entered ({entered})."
            )


def _walk_pre_act_consumer(
    principal: Decimal,
    costs: Decimal,
    entered: date,
    events: list[LedgerItem],
    as_of: date,
    rules: Rules,
    stops_on: date | None = None,
) -> _Walk:
    """Consumer judgment entered before the FCJIA took effect.

    Default reading: 2% from entry on the part of principal still unpaid when the act took effect;
    principal repaid before then earned the standard rate. That part depends on how payments were
    split, which depends on the interest, so we iterate to the fixed point (a few rounds at most).
    """
    if rules.pre_act_nine_then_two:
        return _replay(
            principal, costs, entered, InterestRegime.CONSUMER, events, as_of, rules, None, stops_on
        )
    guess: Decimal | None = None
    seen: list[Decimal | None] = []
    walk = _replay(
        principal, costs, entered, InterestRegime.CONSUMER, events, as_of, rules, guess, stops_on
    )
    while walk.unpaid_at_act != guess and len(seen) < 30:
        seen.append(guess)
        guess = walk.unpaid_at_act
        if guess in seen:  # a one-cent oscillation: take the larger share at the lower rate
            guess = max(g for g in seen[seen.index(guess) :] if g is not None)
            return _replay(
                principal,
                costs,
                entered,
                InterestRegime.CONSUMER,
                events,
                as_of,
                rules,
                guess,
                stops_on,
            )
        walk = _replay(
            principal,
            costs,
            entered,
            InterestRegime.CONSUMER,
            events,
            as_of,
            rules,
            guess,
            stops_on,
        )
    return walk


def _replay(
    principal: Decimal,
    costs: Decimal,
    entered: date,
    regime: InterestRegime,
    events: list[LedgerItem],
    as_of: date,
    rules: Rules,
    unpaid_at_act: Decimal | None,
    stops_on: date | None = None,
) -> _Walk:
    walk = _Walk(
        principal_due=principal, costs_due=costs, costs_total=costs, interest_stops_on=stops_on
    )
    cursor = entered
    for item in events:
        _accrue(walk, cursor, item.on, entered, regime, rules, unpaid_at_act)
        cursor = max(cursor, item.on)
        _apply(walk, item, rules)
    _accrue(walk, cursor, as_of, entered, regime, rules, unpaid_at_act)
    if walk.unpaid_at_act is None:
        walk.unpaid_at_act = walk.principal_due
    return walk


def _accrue(
    walk: _Walk,
    start: date,
    end: date,
    entered: date,
    regime: InterestRegime,
    rules: Rules,
    unpaid_at_act: Decimal | None,
) -> None:
    """Post interest from start to end, split where the consumer rate took effect."""
    if walk.interest_stops_on is not None and end > walk.interest_stops_on:
        end = max(start, walk.interest_stops_on)
        if end <= start:
            return
    act = rules.consumer_act_date
    pre_act = regime is InterestRegime.CONSUMER and entered < act
    if pre_act and start < act <= end:
        _accrue_span(walk, start, act, regime, rules, unpaid_at_act, before_act=True)
        walk.unpaid_at_act = walk.principal_due
        _accrue_span(walk, act, end, regime, rules, unpaid_at_act, before_act=False)
        return
    if pre_act and end >= act and walk.unpaid_at_act is None:
        walk.unpaid_at_act = walk.principal_due
    _accrue_span(walk, start, end, regime, rules, unpaid_at_act, before_act=pre_act and end < act)


def _accrue_span(
    walk: _Walk,
    start: date,
    end: date,
    regime: InterestRegime,
    rules: Rules,
    unpaid_at_act: Decimal | None,
    *,
    before_act: bool,
) -> None:
    days = (end - start).days
    base = walk.principal_due
    if days <= 0 or base <= 0:
        return
    for part_base, rate in _rate_parts(base, regime, rules, unpaid_at_act, before_act):
        if part_base <= 0:
            continue
        posted = simple_interest(part_base, rate, days, rules.days_per_year)
        walk.periods.append(Period(start, end, days, rate, part_base, posted))
        walk.interest_total += posted
        walk.interest_due += posted


def _rate_parts(
    base: Decimal,
    regime: InterestRegime,
    rules: Rules,
    unpaid_at_act: Decimal | None,
    before_act: bool,
) -> list[tuple[Decimal, Decimal]]:
    """(base, rate%) pairs for a span: one pair, or two before the act under the default reading."""
    if regime is InterestRegime.STANDARD:
        return [(base, rules.standard_rate)]
    if not before_act:
        return [(base, rules.consumer_rate)]
    if rules.pre_act_nine_then_two:
        return [(base, rules.standard_rate)]
    at_consumer = base if unpaid_at_act is None else min(base, unpaid_at_act)
    return [(at_consumer, rules.consumer_rate), (base - at_consumer, rules.standard_rate)]


def _apply(walk: _Walk, item: LedgerItem, rules: Rules) -> None:
    if item.kind is LedgerKind.PAYMENT:
        walk.paid += item.amount
        walk.credit += item.amount
    elif item.kind is LedgerKind.COST:
        walk.costs_total += item.amount
        walk.costs_due += item.amount
    else:
        _adjust(walk, item.amount)
    _spend_credit(walk, rules)


def _adjust(walk: _Walk, amount: Decimal) -> None:
    """Positive: more principal. Negative: a write-down of principal, then costs, then interest."""
    walk.adjustments += amount
    if amount > 0:
        walk.principal_due += amount
        return
    left = -amount
    for name in ("principal_due", "costs_due", "interest_due"):
        take = min(left, getattr(walk, name))
        setattr(walk, name, getattr(walk, name) - take)
        left -= take


def _spend_credit(walk: _Walk, rules: Rules) -> None:
    """Money received goes to interest first, then costs and principal per the rules table."""
    order = ["interest_due", "costs_due", "principal_due"]
    if not rules.costs_before_principal:
        order = ["interest_due", "principal_due", "costs_due"]
    for name in order:
        take = min(walk.credit, getattr(walk, name))
        setattr(walk, name, getattr(walk, name) - take)
        walk.credit -= take


def _summarise(principal: Decimal, costs: Decimal, as_of: date, walk: _Walk) -> BalanceBreakdown:
    balance = walk.principal_due + walk.interest_due + walk.costs_due
    return BalanceBreakdown(
        principal=to_cents(principal),
        interest=to_cents(walk.interest_total),
        costs=to_cents(walk.costs_total),
        paid=to_cents(walk.paid),
        adjustments=to_cents(walk.adjustments),
        balance=to_cents(balance),
        as_of=as_of,
        principal_due=to_cents(walk.principal_due),
        interest_due=to_cents(walk.interest_due),
        costs_due=to_cents(walk.costs_due),
        overpaid=to_cents(walk.credit),
        periods=walk.periods,
    )
