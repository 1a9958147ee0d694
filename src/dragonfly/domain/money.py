"""Money arithmetic shared by the domain: exact decimals, half-up to the cent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Policy: a principal, one ledger entry, and a judgment's total of each ledger kind (costs,
# payments, adjustments) are at most $100M; more is a data-entry error, not a windfall. Why it
# cannot overflow: a balance is then at most principal + costs + adjustments ($300M) plus simple
# interest at 9% on that since 1900, the earliest entry date accepted (under $3.5B in 2026),
# far inside numeric(14,2)'s $999,999,999,999.99.
MAX_AMOUNT = Decimal("100000000.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to cents (0.005 -> 0.01), the way interest is posted."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def simple_interest(base: Decimal, rate_percent: Decimal, days: int, days_per_year: int) -> Decimal:
    """base x rate% x days / days-per-year, rounded half-up to cents."""
    return to_cents(base * rate_percent * days / (100 * days_per_year))
