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
