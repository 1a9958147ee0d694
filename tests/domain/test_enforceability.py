"""CPLR 211(b): how long a judgment stays enforceable, and why (worked cases and properties)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragonfly.domain.business_days import add_years
from dragonfly.domain.deadlines import Enforceability, enforceability, judgment_deadlines
from dragonfly.domain.rules import Rules, load_rules, packaged_rules, parse_rules
from dragonfly.domain.score_spec import shipped_score_spec
from dragonfly.domain.scoring import ScoreInputs, score_judgment

ENTERED = date(2005, 1, 10)  # entry + 20 years = 2025-01-10, before the pinned today 2026-11-23
RULES = load_rules()


def entry_only() -> Rules:
    """The shipped table with the extension turned off."""
    shipped = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
    text = shipped.replace('value = "latest_payment_or_acknowledgment"', 'value = "entry_only"')
    return parse_rules(text, source="firm.toml")


def test_with_no_payment_or_acknowledgment_it_is_twenty_years_from_entry(rules: Rules) -> None:
    assert enforceability(ENTERED, [], [], rules) == Enforceability(
        date(2025, 1, 10), "entry", ENTERED
    )


def test_a_payment_within_the_twenty_years_extends_it(rules: Rules) -> None:
    result = enforceability(ENTERED, [date(2008, 5, 1), date(2021, 3, 2)], [], rules)
    assert result == Enforceability(date(2041, 3, 2), "payment", date(2021, 3, 2))


def test_a_written_acknowledgment_extends_it(rules: Rules) -> None:
    result = enforceability(ENTERED, [date(2009, 1, 1)], [date(2012, 6, 1)], rules)
    assert result == Enforceability(date(2032, 6, 1), "acknowledgment", date(2012, 6, 1))


def test_the_policy_entry_only_keeps_entry_plus_twenty(rules: Rules) -> None:
    firm = entry_only()
    assert firm.choice("judgment_enforceability_extension") == "entry_only"
    result = enforceability(ENTERED, [date(2021, 3, 2)], [date(2022, 1, 1)], firm)
    assert result == Enforceability(date(2025, 1, 10), "entry", ENTERED)


def test_a_payment_after_the_judgment_expired_revives_nothing(rules: Rules) -> None:
    # Never over-collect: money taken on an expired judgment does not restart the twenty years.
    result = enforceability(ENTERED, [date(2025, 1, 10), date(2026, 1, 5)], [], rules)
    assert result.until == date(2025, 1, 10) and result.basis == "entry"


def test_each_event_within_the_running_period_extends_it_again(rules: Rules) -> None:
    result = enforceability(ENTERED, [date(2024, 12, 1)], [date(2044, 11, 30)], rules)
    assert result == Enforceability(date(2064, 11, 30), "acknowledgment", date(2044, 11, 30))


def test_an_event_before_entry_counts_for_nothing(rules: Rules) -> None:
    assert enforceability(ENTERED, [date(2004, 12, 31)], [], rules).basis == "entry"


def test_the_page_and_the_score_use_the_extended_date(rules: Rules) -> None:
    until = enforceability(ENTERED, [date(2021, 3, 2)], [], rules).until
    expires = {d.name: d.due_on for d in judgment_deadlines(ENTERED, rules, until)}
    assert expires["judgment_expires"] == date(2041, 3, 2)
    spec, today = shipped_score_spec(), date(2026, 11, 23)
    kept = score_judgment(ScoreInputs(Decimal("5000"), ENTERED, enforceable_until=until), today,
                          spec, rules)  # fmt: skip
    lapsed = score_judgment(ScoreInputs(Decimal("5000"), ENTERED), today, spec, rules)
    assert lapsed.zeroed_because == "expired" and lapsed.total == 0
    assert kept.zeroed_because is None and kept.total > 0


def test_the_shipped_table_cites_cplr_211b() -> None:
    rule = packaged_rules().rule("judgment_years_after_payment_or_acknowledgment")
    assert "211(b)" in rule.citation and rule.kind == "law"
    policy = packaged_rules().rule("judgment_enforceability_extension")
    assert policy.kind == "policy" and policy.value == "latest_payment_or_acknowledgment"


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days, st.lists(days, max_size=6), st.lists(days, max_size=4))
def test_enforceability_properties(
    entered: date, paid: list[date], acknowledged: list[date]
) -> None:
    result = enforceability(entered, paid, acknowledged, RULES)
    plain = enforceability(entered, [], [], RULES)
    # Never earlier than entry + 20, never later than 20 years after the latest counted event,
    # and the off switch never gives more than entry + 20.
    assert result.until >= plain.until
    latest = max([entered, *[d for d in paid + acknowledged if d >= entered]])
    assert result.until <= add_years(latest, 20)
    assert result.basis_on >= entered and result.basis_on < result.until
    assert enforceability(entered, paid, acknowledged, entry_only()) == plain
    # The basis is a real event of that kind.
    if result.basis == "payment":
        assert result.basis_on in paid
    elif result.basis == "acknowledgment":
        assert result.basis_on in acknowledged
