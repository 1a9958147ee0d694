"""The rules table: complete, cited, and refused with a line number when malformed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from dragonfly.domain.errors import RulesFileError
from dragonfly.domain.rules import REQUIRED_RULES, Rules, load_rules, parse_rules
from dragonfly.domain.score_spec import parse_score_spec

SHIPPED = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
SPEC = resources.files("dragonfly.domain").joinpath("score_v1.toml").read_text("utf-8")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_shipped_table_has_every_rule_with_citation_and_kind(rules: Rules) -> None:
    assert set(REQUIRED_RULES) <= set(rules.items)
    for rule in rules:
        assert rule.citation and rule.unit and rule.kind in ("law", "policy")
    assert rules.standard_rate == 9 and rules.consumer_rate == 2
    assert str(rules.consumer_act_date) == "2022-04-30"
    assert rules.rule("consumer_pre_act_interest").kind == "policy"


def test_syntax_error_names_the_line() -> None:
    broken = SHIPPED.replace('name = "lien_years"', 'name = "lien_years', 1)
    with pytest.raises(RulesFileError) as refused:
        parse_rules(broken, source="firm.toml")
    expected = line_of(SHIPPED, 'name = "lien_years"')
    assert f"line {expected}" in refused.value.message


def test_impossible_date_names_the_line() -> None:
    broken = SHIPPED.replace("effective_from = 2022-04-30", "effective_from = 2022-02-30", 1)
    with pytest.raises(RulesFileError) as refused:
        parse_rules(broken, source="firm.toml")
    assert f"line {line_of(SHIPPED, 'effective_from = 2022-04-30')}" in refused.value.message


def test_text_instead_of_a_date_names_rule_field_and_line() -> None:
    broken = SHIPPED.replace(
        'citation = "CPLR 211(b)"\n', 'citation = "CPLR 211(b)"\nnotes = "x"\n', 1
    ).replace("effective_from = 1963-09-01", 'effective_from = "soon"', 1)
    with pytest.raises(RulesFileError) as refused:
        parse_rules(broken, source="firm.toml")
    message = refused.value.message
    assert "'judgment_enforceable_years'" in message and "'effective_from'" in message
    expected = line_of(broken, 'effective_from = "soon"')
    assert f"line {expected}" in message


def test_missing_field_names_the_rule_and_its_block() -> None:
    broken = SHIPPED.replace('citation = "CPLR 5203(a)"\n', "", 1)
    with pytest.raises(RulesFileError) as refused:
        parse_rules(broken, source="firm.toml")
    message = refused.value.message
    header = line_of(broken, 'name = "lien_years"') - 1  # the [[rule]] line of that block
    assert "'lien_years'" in message and "'citation'" in message
    assert f"line {header}:" in message


def test_unknown_kind_is_refused() -> None:
    broken = SHIPPED.replace('kind = "policy"', 'kind = "habit"', 1)
    with pytest.raises(RulesFileError, match="'law' or 'policy'"):
        parse_rules(broken, source="firm.toml")


def test_missing_required_rule_is_named() -> None:
    broken = SHIPPED.replace('name = "lien_years"', 'name = "lien_years_typo"', 1)
    with pytest.raises(RulesFileError, match="'lien_years' is missing"):
        parse_rules(broken, source="firm.toml")


def test_bad_choice_and_wrong_type_name_the_line() -> None:
    broken = SHIPPED.replace('value = "two_percent_on_unpaid_from_entry"', 'value = "maybe"')
    with pytest.raises(RulesFileError, match=r"line \d+: rule 'consumer_pre_act_interest'"):
        parse_rules(broken, source="firm.toml")
    broken = SHIPPED.replace("value = 20\n", 'value = "twenty"\n', 1)
    with pytest.raises(RulesFileError, match="must be a number"):
        parse_rules(broken, source="firm.toml")


def test_firm_copy_is_loaded_from_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "firm_rules.toml"
    copy.write_text(SHIPPED.replace("value = 9\n", "value = 8.5\n", 1), encoding="utf-8")
    firm = load_rules(copy)
    assert str(firm.standard_rate) == "8.5" and firm.source == str(copy)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError, match="Cannot read rules file"):
        load_rules(tmp_path / "nope.toml")


def test_score_spec_weights_must_sum_to_100() -> None:
    broken = SPEC.replace("[assets]\nmax = 25", "[assets]\nmax = 24")
    with pytest.raises(RulesFileError):
        parse_score_spec(broken, source="score.toml")


def test_score_spec_bands_must_line_up() -> None:
    broken = SPEC.replace("points = [0, 5, 10, 15, 20, 25]", "points = [0, 5, 10, 25]")
    with pytest.raises(RulesFileError, match="line"):
        parse_score_spec(broken, source="score.toml")


def rule_blocks(text: str) -> list[str]:
    return text.split("[[rule]]")[1:]


def test_every_shipped_rule_carries_a_citation_and_an_effective_date() -> None:
    blocks = rule_blocks(SHIPPED)
    assert len(blocks) >= 30
    for block in blocks:
        assert "\ncitation = " in block and "\neffective_from = " in block, block


@pytest.mark.parametrize("field", ["citation", "effective_from"])
def test_a_rule_without_citation_or_effective_date_is_refused(field: str) -> None:
    start = SHIPPED.index('name = "levy_void_after_days"')
    line_start = SHIPPED.index(f"\n{field} = ", start) + 1
    line_end = SHIPPED.index("\n", line_start) + 1
    broken = SHIPPED[:line_start] + SHIPPED[line_end:]
    with pytest.raises(RulesFileError, match=f"'levy_void_after_days', field '{field}'"):
        parse_rules(broken, source="firm.toml")


def test_a_blank_citation_is_refused() -> None:
    broken = SHIPPED.replace('citation = "CPLR 5203(a)"', 'citation = "   "', 1)
    with pytest.raises(RulesFileError, match="'lien_years', field 'citation'"):
        parse_rules(broken, source="firm.toml")


def test_corrected_citations_and_dates(rules: Rules) -> None:
    consumer = rules.rule("interest_rate_consumer").citation
    assert "L.2021 c.831" in consumer and "(a)(1)" not in consumer
    assert "5231(e)" in rules.rule("income_execution_employer_after_days").citation
    assert rules.rule("income_execution_max_percent").effective_from.year == 1963
    assert rules.rule("lien_renewal_window_opens_year").effective_from.year == 1986


def test_a_dated_series_gives_the_row_in_force_on_a_day(rules: Rules) -> None:
    from datetime import date

    assert rules.number_on("ny_minimum_wage_downstate", date(2025, 12, 31)) == 16.5
    assert rules.number_on("ny_minimum_wage_downstate", date(2026, 1, 1)) == 17
    assert rules.number_on("direct_deposit_exempt_amount", date(2024, 3, 31)) == 2500
    assert rules.number_on("direct_deposit_exempt_amount", date(2024, 4, 1)) == 3425
    assert rules.rule("ny_minimum_wage_upstate").value == 16  # the latest row


def test_a_series_starting_later_is_not_in_force_before() -> None:
    from datetime import date

    from dragonfly.domain.errors import RuleNotInForce

    with pytest.raises(RuleNotInForce, match=r"ny_minimum_wage_upstate.*2023-06-01"):
        load_rules().on("ny_minimum_wage_upstate", date(2023, 6, 1))


def test_two_rows_of_a_series_on_one_day_are_refused() -> None:
    row = 'value = 16.50\nunit = "dollars_per_hour"\neffective_from = '
    broken = SHIPPED.replace(row + "2025-01-01", row + "2024-01-01")
    with pytest.raises(RulesFileError, match="two rows effective 2024-01-01"):
        parse_rules(broken, source="firm.toml")
