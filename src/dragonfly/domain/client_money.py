"""Client money: how one payment splits between client, firm and debtor, exact to the cent.

The remainder rule (docs/CLIENT_MONEY.md): out of each payment, first the part that went past
the judgment's balance (owed back to the debtor), then, when the agreement says costs are
recovered first, the firm's advanced costs not yet recovered on that judgment; of what is left
the fee is the agreed percentage rounded half-up to the cent, and the client gets the remainder.
So the parts always sum to the payment, and any rounding cent falls to the client.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from dragonfly.domain.money import ZERO, to_cents
from dragonfly.domain.vocabulary import (
    CostHandling,
    FeeBandBasis,
    RemittanceBasis,
    RemittanceCadence,
)
from dragonfly.errors import InputError

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FeeBand:
    """`percent` applies up to and including `up_to` (days of age or dollars); None: no limit."""

    up_to: Decimal | None
    percent: Decimal


@dataclass(frozen=True)
class Terms:
    """A client agreement's money terms, as of one date."""

    fee_percent: Decimal
    cost_handling: CostHandling = CostHandling.ABSORBED
    remittance: RemittanceBasis = RemittanceBasis.NET
    cadence: RemittanceCadence = RemittanceCadence.MONTHLY
    band_basis: FeeBandBasis | None = None
    bands: tuple[FeeBand, ...] = ()


# A plaintiff without an agreement: nothing is taken, everything is the client's.
NO_AGREEMENT = Terms(fee_percent=ZERO)


def _check_percent(field: str, percent: Decimal) -> None:
    if not percent.is_finite() or percent < 0:
        raise InputError.in_field(field, f"A fee cannot be negative (got {percent}%).")
    if percent > HUNDRED:
        raise InputError.in_field(field, f"A fee cannot be more than 100% (got {percent}%).")
    if percent != percent.quantize(Decimal("0.01")):
        raise InputError.in_field(field, f"A fee has at most two decimals (got {percent}%).")


def check_terms(terms: Terms) -> None:
    """Refuse a negative fee, a fee over 100%, and bands that are unordered or lack a basis."""
    _check_percent("fee_percent", terms.fee_percent)
    if terms.bands and terms.band_basis is None:
        raise InputError.in_field("band_basis", "Fee bands need a basis: age_days or amount.")
    limits = [band.up_to for band in terms.bands]
    for index, band in enumerate(terms.bands):
        _check_percent(f"bands[{index}].percent", band.percent)
        if band.up_to is not None and band.up_to < 0:
            raise InputError.in_field(f"bands[{index}].up_to", "A band limit cannot be negative.")
        if band.up_to is None and index != len(terms.bands) - 1:
            raise InputError.in_field(f"bands[{index}].up_to", "Only the last band is unlimited.")
    bounded = [limit for limit in limits if limit is not None]
    if bounded != sorted(set(bounded)):
        raise InputError.in_field("bands", "Band limits must rise from one band to the next.")


def fee_percent_for(terms: Terms, *, age_days: int, judgment_amount: Decimal) -> Decimal:
    """The fee percentage for a payment on a judgment of this age and amount: the first band
    whose limit the measure does not pass, else the agreement's flat percentage."""
    measure = Decimal(age_days) if terms.band_basis == FeeBandBasis.AGE_DAYS else judgment_amount
    for band in terms.bands:
        if band.up_to is None or measure <= band.up_to:
            return band.percent
    return terms.fee_percent


@dataclass(frozen=True)
class Split:
    """One payment's parts: they always sum to `amount`. `direct`: paid to the client, not to
    the firm, so nothing reaches escrow and the firm's parts are billed to the client."""

    amount: Decimal
    client_share: Decimal
    fee: Decimal
    cost_recovered: Decimal
    debtor_refund: Decimal
    fee_percent: Decimal
    remittance: RemittanceBasis = RemittanceBasis.NET
    direct: bool = False

    def negated(self) -> Split:
        """The split of a reversal: every part with its sign turned."""
        return replace(
            self,
            amount=-self.amount,
            client_share=-self.client_share,
            fee=-self.fee,
            cost_recovered=-self.cost_recovered,
            debtor_refund=-self.debtor_refund,
        )


def split_payment(
    amount: Decimal,
    terms: Terms,
    fee_percent: Decimal,
    *,
    unrecovered_costs: Decimal = ZERO,
    overpaid: Decimal = ZERO,
    direct: bool = False,
) -> Split:
    """Split a positive payment by the remainder rule (module docstring)."""
    if amount <= 0:
        raise InputError.in_field("amount", "Only a positive payment is split; reverse one.")
    refund = min(amount, max(ZERO, overpaid))
    rest = amount - refund
    costs = ZERO
    if terms.cost_handling == CostHandling.RECOVERED_FIRST:
        costs = min(rest, max(ZERO, unrecovered_costs))
    rest -= costs
    fee = to_cents(rest * fee_percent / HUNDRED)
    return Split(
        amount=amount,
        client_share=rest - fee,
        fee=fee,
        cost_recovered=costs,
        debtor_refund=refund,
        fee_percent=fee_percent,
        remittance=terms.remittance,
        direct=direct,
    )


def reversal_split(original: Split, refund_back: Decimal) -> Split:
    """The split of a reversal that takes `refund_back` (zero or negative) back from the debtor.

    Usually that is the original's refund, and the reversal is the original negated. But a
    reversal can end an overpayment another payment made: reversing the first 1,000.00 of a
    1,000.00 judgment after a second payment of 100.00 was held as the debtor's refund leaves
    the debtor owing again, so the 100.00 is the client's and the firm's now. Then the rest of
    the reversal is taken back by the remainder rule at the original's percentage (costs first,
    as far as the original recovered any), and the parts still sum to the reversal."""
    back = max(-original.amount, min(ZERO, refund_back))
    if back == -original.debtor_refund:
        return original.negated()
    rest = original.amount + back
    costs = min(rest, original.cost_recovered)
    fee = to_cents((rest - costs) * original.fee_percent / HUNDRED)
    return replace(
        original,
        amount=-original.amount,
        client_share=-(rest - costs - fee),
        fee=-fee,
        cost_recovered=-costs,
        debtor_refund=back,
    )


@dataclass(frozen=True)
class Holdings:
    """What a split puts into escrow for each party, and what the firm bills the client."""

    client: Decimal
    firm: Decimal
    debtor: Decimal
    billed: Decimal

    @property
    def escrow(self) -> Decimal:
        return self.client + self.firm + self.debtor


def holdings(split: Split) -> Holdings:
    """Net remittance: the fee and costs are the firm's, paid from escrow. Gross: the client is
    paid its share and the fee, and the fee is invoiced. A direct payment puts nothing in escrow;
    the firm's parts (fee, costs recovered) are billed, and any overpayment is the client's to
    refund."""
    firm_parts = split.fee + split.cost_recovered
    if split.direct:
        return Holdings(ZERO, ZERO, ZERO, billed=firm_parts)
    if split.remittance == RemittanceBasis.GROSS:
        return Holdings(
            client=split.client_share + split.fee,
            firm=split.cost_recovered,
            debtor=split.debtor_refund,
            billed=split.fee,
        )
    return Holdings(
        client=split.client_share, firm=firm_parts, debtor=split.debtor_refund, billed=ZERO
    )


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(period: date) -> date:
    return date(period.year + period.month // 12, period.month % 12 + 1, 1)


def period_for(effective_on: date, last_closed: date | None) -> date:
    """The remittance period a payment (or correction) lands in: its own month, or, when that
    month is already closed, the first open month after the last closed one."""
    own = month_of(effective_on)
    if last_closed is None or own > last_closed:
        return own
    return next_month(last_closed)


def is_remittance_month(cadence: RemittanceCadence, period: date) -> bool:
    """Monthly clients are paid every month; quarterly ones at March, June, September, December."""
    return cadence == RemittanceCadence.MONTHLY or period.month % 3 == 0
