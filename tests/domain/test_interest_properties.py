"""Properties of the balance calculation that must hold for any ledger (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragonfly.domain.deadlines import enforceability
from dragonfly.domain.interest import LedgerItem, compute_balance
from dragonfly.domain.rules import load_rules
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind
from dragonfly.valuation.ledger import ledger_items, stored_judgment_balance

RULES = load_rules()
CENT = Decimal("0.01")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

amounts = st.integers(min_value=1, max_value=5_000_000).map(lambda cents: Decimal(cents) / 100)
entries = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 1, 1))
regimes = st.sampled_from(list(InterestRegime))
offsets = st.integers(min_value=0, max_value=3000)


@st.composite
def judgments(draw: st.DrawFn) -> tuple[Decimal, date, InterestRegime, list[LedgerItem], date]:
    principal = draw(amounts)
    entered = draw(entries)
    regime = draw(regimes)
    kinds = st.sampled_from([LedgerKind.PAYMENT, LedgerKind.PAYMENT, LedgerKind.COST])
    ledger = [
        LedgerItem(kind, amount, entered + timedelta(days=offset))
        for kind, amount, offset in draw(st.lists(st.tuples(kinds, amounts, offsets), max_size=5))
    ]
    as_of = entered + timedelta(days=draw(offsets))
    return principal, entered, regime, ledger, as_of


@FAST
@given(judgments())
def test_balance_is_never_negative(case: tuple) -> None:  # type: ignore[type-arg]
    result = compute_balance(*case, RULES)
    assert result.balance >= 0
    assert result.principal_due >= 0 and result.interest_due >= 0 and result.costs_due >= 0


@FAST
@given(judgments(), amounts, offsets)
def test_adding_a_payment_never_raises_the_balance(
    case: tuple, amount: Decimal, offset: int
) -> None:  # type: ignore[type-arg]
    principal, entered, regime, ledger, as_of = case
    extra = LedgerItem(LedgerKind.PAYMENT, amount, entered + timedelta(days=offset))
    before = compute_balance(principal, entered, regime, ledger, as_of, RULES)
    after = compute_balance(principal, entered, regime, [*ledger, extra], as_of, RULES)
    assert after.balance <= before.balance


@FAST
@given(judgments(), st.integers(min_value=1, max_value=2000))
def test_interest_never_decreases_as_as_of_moves_forward(case: tuple, days: int) -> None:  # type: ignore[type-arg]
    principal, entered, regime, ledger, as_of = case
    earlier = compute_balance(principal, entered, regime, ledger, as_of, RULES)
    later = compute_balance(principal, entered, regime, ledger, as_of + timedelta(days), RULES)
    assert later.interest >= earlier.interest


@FAST
@given(judgments(), st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=4))
def test_splitting_a_period_moves_the_total_by_at_most_a_cent_per_split(
    case: tuple,  # type: ignore[type-arg]
    split_offsets: list[int],
) -> None:
    principal, entered, regime, ledger, as_of = case
    # Splits fall after every payment so the allocation of money is unchanged; a one-cent cost
    # earns no interest, so it only forces an extra posting (and adds its own cent).
    last_payment = max((item.on for item in ledger), default=entered)
    splits = [
        LedgerItem(LedgerKind.COST, CENT, last_payment + timedelta(days=offset))
        for offset in split_offsets
    ]
    whole = compute_balance(principal, entered, regime, ledger, as_of, RULES)
    split = compute_balance(principal, entered, regime, [*ledger, *splits], as_of, RULES)
    counted = sum(1 for item in splits if item.on <= as_of)
    assert abs(split.interest - whole.interest) <= CENT * counted


@FAST
@given(judgments())
def test_consumer_interest_is_never_more_than_standard(case: tuple) -> None:  # type: ignore[type-arg]
    principal, entered, _, ledger, as_of = case
    standard = compute_balance(principal, entered, InterestRegime.STANDARD, ledger, as_of, RULES)
    consumer = compute_balance(principal, entered, InterestRegime.CONSUMER, ledger, as_of, RULES)
    # The consumer walk may post once more (at the act date, or one row per rate before it);
    # each extra posting can round up by at most half a cent.
    extra_postings = max(len(consumer.periods) - len(standard.periods), 0)
    assert consumer.interest <= standard.interest + CENT * extra_postings
    assert consumer.balance <= standard.balance + CENT * extra_postings


@FAST
@given(judgments(), st.data())
def test_a_reversal_restores_the_exact_balance_before_the_reversed_entry(
    case: tuple[Decimal, date, InterestRegime, list[LedgerItem], date], data: st.DataObject
) -> None:
    """Recording an entry and then its reversal leaves every figure as if neither existed."""
    principal, entered, regime, ledger, as_of = case
    kind = data.draw(st.sampled_from([LedgerKind.PAYMENT, LedgerKind.COST]))
    mistake = (
        99,
        kind.value,
        data.draw(amounts),
        entered + timedelta(days=data.draw(offsets)),
        None,
    )
    reversal = (100, mistake[1], -mistake[2], max(mistake[3], as_of), 99)
    rows = [(n + 1, i.kind.value, i.amount, i.on, None) for n, i in enumerate(ledger)]
    without = stored_judgment_balance(principal, Decimal(0), entered, regime.value, rows, as_of,
                                      RULES)  # fmt: skip
    undone = stored_judgment_balance(principal, Decimal(0), entered, regime.value,
                                     [*rows, mistake, reversal], as_of, RULES)  # fmt: skip
    assert undone == without


@FAST
@given(judgments())
def test_the_parts_of_a_balance_always_sum_to_it(
    case: tuple[Decimal, date, InterestRegime, list[LedgerItem], date],
) -> None:
    principal, entered, regime, ledger, as_of = case
    result = compute_balance(principal, entered, regime, ledger, as_of, RULES)
    assert result.principal_due + result.interest_due + result.costs_due == result.balance
    assert result.balance >= 0 and result.overpaid >= 0
    assert not (result.balance > 0 and result.overpaid > 0)  # money owed back only when paid off


@FAST
@given(judgments(), st.data())
def test_a_reversal_restores_the_exact_overpaid_amount_and_enforceability(
    case: tuple[Decimal, date, InterestRegime, list[LedgerItem], date], data: st.DataObject
) -> None:
    """On an overpaid judgment, a reversed payment leaves the amount owed back, the balance and
    the enforceable-until date (CPLR 211(b)) exactly as they were before it was recorded."""
    principal, entered, regime, ledger, as_of = case
    # Paid on entry beyond the principal and any costs the ledger may add (5 x $50,000 at most).
    too_much = LedgerItem(LedgerKind.PAYMENT, principal + Decimal("300000.00"), entered)
    rows = [(n + 1, i.kind.value, i.amount, i.on, None) for n, i in enumerate([too_much, *ledger])]
    mistake = (
        99,
        "payment",
        data.draw(amounts),
        entered + timedelta(days=data.draw(offsets)),
        None,
    )
    reversal = (100, "payment", -mistake[2], max(mistake[3], as_of), 99)

    def stored(entries: list[tuple]) -> tuple:  # type: ignore[type-arg]
        result = stored_judgment_balance(principal, Decimal(0), entered, regime.value, entries,
                                         as_of, RULES)  # fmt: skip
        paid = [i.on for i in ledger_items(entries) if i.kind is LedgerKind.PAYMENT]
        return result.balance, result.overpaid, enforceability(entered, paid, [], RULES)

    before = stored(rows)
    assert before[1] > 0 and before[0] == 0
    assert stored([*rows, mistake, reversal]) == before
