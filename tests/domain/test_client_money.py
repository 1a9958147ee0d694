"""Splitting a payment between client, firm and debtor: worked cases by hand, and properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragonfly.domain.client_money import (
    FeeBand,
    Terms,
    check_terms,
    fee_percent_for,
    holdings,
    period_for,
    reversal_split,
    split_payment,
)
from dragonfly.domain.vocabulary import CostHandling, FeeBandBasis, RemittanceBasis
from dragonfly.errors import InputError

D = Decimal
NET_25 = Terms(fee_percent=D("25"))


def test_net_and_gross_remittance_of_the_same_payment() -> None:
    # $1,000.00 at 33.33%: 333.30 fee, 666.70 to the client.
    net = split_payment(D("1000.00"), NET_25, D("33.33"))
    assert (net.fee, net.client_share) == (D("333.30"), D("666.70"))
    held = holdings(net)
    assert (held.client, held.firm, held.billed) == (D("666.70"), D("333.30"), D("0.00"))
    gross_terms = Terms(fee_percent=D("33.33"), remittance=RemittanceBasis.GROSS)
    gross = holdings(split_payment(D("1000.00"), gross_terms, D("33.33")))
    # Gross: the client is paid the whole 1,000.00 and invoiced the 333.30 fee.
    assert (gross.client, gross.firm, gross.billed) == (D("1000.00"), D("0.00"), D("333.30"))


def test_costs_advanced_are_recovered_before_the_fee() -> None:
    terms = Terms(fee_percent=D("25"), cost_handling=CostHandling.RECOVERED_FIRST)
    # $120 advanced (index fee 45 + marshal 75); $500 paid: 120 back to the firm, then 25% of 380.
    first = split_payment(D("500.00"), terms, D("25"), unrecovered_costs=D("120.00"))
    assert (first.cost_recovered, first.fee, first.client_share) == (
        D("120.00"),
        D("95.00"),
        D("285.00"),
    )
    assert holdings(first).firm == D("215.00")
    second = split_payment(D("500.00"), terms, D("25"), unrecovered_costs=D("0.00"))
    assert (second.cost_recovered, second.fee, second.client_share) == (
        D("0.00"),
        D("125.00"),
        D("375.00"),
    )
    # Billed or absorbed: costs never come out of the payment.
    billed = Terms(fee_percent=D("25"), cost_handling=CostHandling.BILLED)
    assert split_payment(D("500"), billed, D("25"), unrecovered_costs=D("120")).cost_recovered == 0


def test_a_fee_change_changes_only_the_percentage_applied() -> None:
    before = split_payment(D("200.01"), NET_25, D("30"))
    after = split_payment(D("200.01"), NET_25, D("25"))
    # 60.003 -> 60.00 and 50.0025 -> 50.00: the client gets the remainder cent.
    assert (before.fee, before.client_share) == (D("60.00"), D("140.01"))
    assert (after.fee, after.client_share) == (D("50.00"), D("150.01"))


def test_a_direct_payment_earns_the_fee_and_is_billed_not_remitted() -> None:
    split = split_payment(D("400.00"), NET_25, D("30"), direct=True)
    assert (split.fee, split.client_share) == (D("120.00"), D("280.00"))
    held = holdings(split)
    assert (held.escrow, held.billed) == (D("0.00"), D("120.00"))


def test_an_overpayment_is_held_for_the_debtor_and_not_split() -> None:
    # $1,250 on a $1,000 balance: 250 owed back to the debtor, 25% of the 1,000 kept.
    split = split_payment(D("1250.00"), NET_25, D("25"), overpaid=D("250.00"))
    assert (split.debtor_refund, split.fee, split.client_share) == (
        D("250.00"),
        D("250.00"),
        D("750.00"),
    )
    assert holdings(split).debtor == D("250.00")


def test_the_fee_rounds_half_up_and_the_client_takes_the_remainder() -> None:
    split = split_payment(D("0.50"), NET_25, D("25"))  # 0.125
    assert (split.fee, split.client_share) == (D("0.13"), D("0.37"))


def test_fee_bands_by_age_and_by_amount() -> None:
    by_age = Terms(
        fee_percent=D("25"),
        band_basis=FeeBandBasis.AGE_DAYS,
        bands=(FeeBand(D("365"), D("25")), FeeBand(D("1825"), D("33")), FeeBand(None, D("40"))),
    )
    assert fee_percent_for(by_age, age_days=365, judgment_amount=D("1")) == D("25")
    assert fee_percent_for(by_age, age_days=366, judgment_amount=D("1")) == D("33")
    assert fee_percent_for(by_age, age_days=4000, judgment_amount=D("1")) == D("40")
    by_amount = Terms(
        fee_percent=D("20"), band_basis=FeeBandBasis.AMOUNT, bands=(FeeBand(D("5000"), D("35")),)
    )
    assert fee_percent_for(by_amount, age_days=1, judgment_amount=D("5000.00")) == D("35")
    assert fee_percent_for(by_amount, age_days=1, judgment_amount=D("5000.01")) == D("20")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (Terms(fee_percent=D("-1")), "cannot be negative"),
        (Terms(fee_percent=D("100.01")), "more than 100%"),
        (Terms(fee_percent=D("12.345")), "two decimals"),
        (Terms(fee_percent=D("25"), bands=(FeeBand(D("10"), D("5")),)), "need a basis"),
        (
            Terms(
                fee_percent=D("25"),
                band_basis=FeeBandBasis.AMOUNT,
                bands=(FeeBand(D("10"), D("101")),),
            ),
            "more than 100%",
        ),
        (
            Terms(
                fee_percent=D("25"),
                band_basis=FeeBandBasis.AMOUNT,
                bands=(FeeBand(D("10"), D("5")), FeeBand(D("5"), D("5"))),
            ),
            "must rise",
        ),
    ],
)
def test_bad_terms_are_refused(terms: Terms, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_terms(terms)


def test_a_payment_in_a_closed_month_lands_in_the_next_open_one() -> None:
    assert period_for(date(2026, 11, 20), None) == date(2026, 11, 1)
    assert period_for(date(2026, 11, 20), date(2026, 10, 1)) == date(2026, 11, 1)
    assert period_for(date(2026, 10, 20), date(2026, 11, 1)) == date(2026, 12, 1)
    assert period_for(date(2026, 12, 31), date(2026, 12, 1)) == date(2027, 1, 1)


cents = st.integers(min_value=1, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
small_cents = st.integers(min_value=0, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
percents = st.integers(min_value=0, max_value=10_000).map(lambda c: Decimal(c) / 100)
all_terms = st.builds(
    Terms,
    fee_percent=percents,
    cost_handling=st.sampled_from(list(CostHandling)),
    remittance=st.sampled_from(list(RemittanceBasis)),
)


@settings(max_examples=300, deadline=None)
@given(cents, all_terms, percents, small_cents, small_cents, st.booleans())
def test_the_parts_always_sum_to_the_payment(
    amount: Decimal,
    terms: Terms,
    percent: Decimal,
    costs: Decimal,
    overpaid: Decimal,
    direct: bool,
) -> None:
    split = split_payment(
        amount, terms, percent, unrecovered_costs=costs, overpaid=overpaid, direct=direct
    )
    parts = (split.client_share, split.fee, split.cost_recovered, split.debtor_refund)
    assert sum(parts) == amount
    assert all(part >= 0 and part == part.quantize(D("0.01")) for part in parts)
    held = holdings(split)
    # What escrow holds plus what the client received directly is the payment.
    kept_by_client = amount if direct else D(0)
    assert held.escrow + kept_by_client == amount


@settings(max_examples=200, deadline=None)
@given(cents, all_terms, percents, small_cents, small_cents, st.booleans())
def test_a_reversal_restores_every_balance(
    amount: Decimal,
    terms: Terms,
    percent: Decimal,
    costs: Decimal,
    overpaid: Decimal,
    direct: bool,
) -> None:
    split = split_payment(
        amount, terms, percent, unrecovered_costs=costs, overpaid=overpaid, direct=direct
    )
    held, undone = holdings(split), holdings(split.negated())
    assert held.client + undone.client == 0 and held.firm + undone.firm == 0
    assert held.debtor + undone.debtor == 0 and held.billed + undone.billed == 0
    assert split.negated().negated() == split


def test_a_reversal_that_ends_another_payments_overpayment_takes_the_refund_back() -> None:
    # 1,000.00 then 100.00 on a 1,000.00 judgment: the 100.00 was held for the debtor. The
    # 1,000.00 bounces: the debtor owes again, so the 100.00 becomes the client's and the firm's.
    terms = Terms(fee_percent=D("25"))
    first = split_payment(D("1000.00"), terms, D("25"))
    second = split_payment(D("100.00"), terms, D("25"), overpaid=D("100.00"))
    undone = reversal_split(first, D("-100.00"))
    assert (undone.amount, undone.debtor_refund, undone.fee, undone.client_share) == (
        D("-1000.00"), D("-100.00"), D("-225.00"), D("-675.00"),
    )  # fmt: skip
    kept = [holdings(s) for s in (first, second, undone)]
    assert sum(h.debtor for h in kept) == 0
    assert (sum(h.client for h in kept), sum(h.firm for h in kept)) == (D("75.00"), D("25.00"))
    # Taking back just the original's own refund is the plain negation.
    assert reversal_split(second, D("-100.00")) == second.negated()


@settings(max_examples=200, deadline=None)
@given(cents, all_terms, percents, small_cents, small_cents, small_cents)
def test_a_reversal_taking_back_any_refund_still_sums_to_the_reversal(
    amount: Decimal,
    terms: Terms,
    percent: Decimal,
    costs: Decimal,
    overpaid: Decimal,
    back: Decimal,
) -> None:
    split = split_payment(amount, terms, percent, unrecovered_costs=costs, overpaid=overpaid)
    undone = reversal_split(split, -back)
    parts = (undone.client_share, undone.fee, undone.cost_recovered, undone.debtor_refund)
    assert sum(parts) == -amount
    assert all(part <= 0 and part == part.quantize(D("0.01")) for part in parts)
    assert -amount <= undone.debtor_refund <= 0
