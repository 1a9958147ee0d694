"""The rules table: every legal number and policy in one TOML file, validated at load time."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dragonfly.domain.errors import RuleNotInForce, RulesFileError

SHIPPED_RULES = "rules.toml"

# Rules the code reads: name -> (unit, allowed choices or None for a number).
REQUIRED_RULES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "interest_rate_standard": ("percent_per_year", None),
    "interest_rate_consumer": ("percent_per_year", None),
    "consumer_pre_act_interest": ("choice", ("two_percent_on_unpaid_from_entry", "nine_then_two")),
    "interest_days_per_year": ("days", None),
    "costs_paid_before_principal": ("choice", ("yes", "no")),
    "judgment_enforceable_years": ("years", None),
    "judgment_years_after_payment_or_acknowledgment": ("years", None),
    "judgment_enforceability_extension": (
        "choice",
        ("latest_payment_or_acknowledgment", "entry_only"),
    ),
    "lien_years": ("years", None),
    "lien_renewal_window_opens_year": ("years", None),
    "restraining_notice_effective_years": ("years", None),
    "satisfaction_piece_days": ("days", None),
    "information_subpoena_answer_days": ("days", None),
    "property_execution_return_days": ("days", None),
    "income_execution_employer_after_days": ("days", None),
    "deadline_rolls_to_business_day": ("choice", ("yes", "no")),
    "income_execution_max_percent": ("percent_of_gross_income", None),
    "federal_minimum_wage": ("dollars_per_hour", None),
    "ny_minimum_wage_downstate": ("dollars_per_hour", None),
    "ny_minimum_wage_upstate": ("dollars_per_hour", None),
    "bank_wage_exemption_hours": ("hours_of_minimum_wage", None),
    "direct_deposit_exempt_amount": ("dollars", None),
    "wages_exempt_percent": ("percent_of_wages", None),
    "income_execution_disposable_percent": ("percent_of_weekly_disposable_earnings", None),
    "income_execution_floor_hours": ("hours_of_minimum_wage", None),
    "levy_void_after_days": ("days", None),
    "debtor_notice_days": ("days", None),
    "restraint_hold_multiple": ("times_amount_due", None),
    "exempt_deposit_lookback_days": ("days", None),
    "exempt_wages_lookback_days": ("days", None),
    "judgment_expiry_step_days": ("days", None),
}


class Rule(BaseModel):
    """One row of the rules table."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1)
    value: Decimal | str
    unit: str = Field(min_length=1)
    effective_from: date
    citation: str = Field(min_length=1)
    kind: Literal["law", "policy"]

    @field_validator("value", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("use a number or a quoted word, not true/false")
        if isinstance(value, float):
            return Decimal(str(value))
        return value


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: list[Rule]


class Rules:
    """The validated rules table, with typed accessors for the numbers the code uses.

    A name may appear on several rows with different effective dates (a dated series, such as
    the minimum wage by year); `items` holds the latest row of each name and `on` the row in force
    on a given day.
    """

    def __init__(self, rules: list[Rule], source: str) -> None:
        self.rows = list(rules)
        self.series: dict[str, list[Rule]] = {}
        for row in sorted(rules, key=lambda r: r.effective_from):
            self.series.setdefault(row.name, []).append(row)
        self.items: dict[str, Rule] = {name: rows[-1] for name, rows in self.series.items()}
        self.source = source

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rows)

    def rule(self, name: str) -> Rule:
        return self.items[name]

    def on(self, name: str, day: date) -> Rule:
        """The row of `name` in force on `day`; RuleNotInForce when the series starts later."""
        in_force = [r for r in self.series[name] if r.effective_from <= day]
        if not in_force:
            first = self.series[name][0].effective_from
            raise RuleNotInForce(
                f"Rule {name!r} has no value in force on {day.isoformat()} (its first row is "
                f"effective {first.isoformat()}); add a dated row to the rules table."
            )
        return in_force[-1]

    def number_on(self, name: str, day: date) -> Decimal:
        value = self.on(name, day).value
        assert isinstance(value, Decimal)
        return value

    def number(self, name: str) -> Decimal:
        value = self.items[name].value
        assert isinstance(value, Decimal)
        return value

    def whole(self, name: str) -> int:
        return int(self.number(name))

    def choice(self, name: str) -> str:
        return str(self.items[name].value)

    @property
    def standard_rate(self) -> Decimal:
        """Percent per year, e.g. Decimal('9')."""
        return self.number("interest_rate_standard")

    @property
    def consumer_rate(self) -> Decimal:
        return self.number("interest_rate_consumer")

    @property
    def consumer_act_date(self) -> date:
        """The day the consumer rate took effect (FCJIA: 2022-04-30)."""
        return self.items["interest_rate_consumer"].effective_from

    @property
    def days_per_year(self) -> int:
        return self.whole("interest_days_per_year")

    @property
    def pre_act_nine_then_two(self) -> bool:
        return self.choice("consumer_pre_act_interest") == "nine_then_two"

    @property
    def costs_before_principal(self) -> bool:
        return self.choice("costs_paid_before_principal") == "yes"


def load_rules(path: Path | None = None) -> Rules:
    """Load and validate a rules table: the shipped one, or a firm's own copy at `path`."""
    if path is None:
        text = resources.files("dragonfly.domain").joinpath(SHIPPED_RULES).read_text("utf-8")
        return parse_rules(text, source="shipped rules.toml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesFileError(f"Cannot read rules file {path}: {exc.strerror or exc}.") from exc
    return parse_rules(text, source=str(path))


def parse_rules(text: str, *, source: str) -> Rules:
    """Validate rules text; every refusal names the line and the reason."""
    data = parse_toml(text, source)
    try:
        parsed = _RulesFile.model_validate(data)
    except ValidationError as exc:
        raise RulesFileError(describe_validation_error(exc, text, source, "rule")) from exc
    rules = Rules(parsed.rule, source)
    _check_series(rules, text, source)
    _check_required(rules, text, source)
    return rules


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """TOML with exact decimals; a syntax error becomes a message carrying tomllib's line."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"{source}: not valid TOML: {exc}. Fix that line and retry.") from exc


def describe_validation_error(exc: ValidationError, text: str, source: str, table: str) -> str:
    """The first schema error as 'file, line N: rule <name>, field <f>: reason'."""
    error = exc.errors()[0]
    loc = list(error["loc"])
    reason = error["msg"]
    if len(loc) >= 2 and loc[0] == table and isinstance(loc[1], int):
        index = loc[1]
        field = str(loc[2]) if len(loc) > 2 else None
        block = _table_blocks(text, table)
        name = _rule_name(text, block, index)
        line = _field_line(text, block, index, field)
        what = f"{table} {name!r}" if name else f"{table} #{index + 1}"
        field_text = f", field {field!r}" if field else ""
        return f"{source}, line {line}: {what}{field_text}: {reason}."
    field = ".".join(str(p) for p in loc)
    line = _key_line(text, str(loc[0])) if loc else 1
    return f"{source}, line {line}: {field}: {reason}."


def _check_series(rules: Rules, text: str, source: str) -> None:
    """Rows sharing a name must differ in effective date and agree on unit and kind."""
    for name, rows in rules.series.items():
        for earlier, later in itertools.pairwise(rows):
            line = _key_value_line(text, "name", name)
            if earlier.effective_from == later.effective_from:
                raise RulesFileError(
                    f"{source}, line {line}: rule {name!r} has two rows effective "
                    f"{later.effective_from.isoformat()}; give each row its own date."
                )
            if (earlier.unit, earlier.kind) != (later.unit, later.kind):
                raise RulesFileError(
                    f"{source}, line {line}: rule {name!r}: every row must have the same unit "
                    "and kind."
                )


def _check_required(rules: Rules, text: str, source: str) -> None:
    for name, (unit, choices) in REQUIRED_RULES.items():
        rule = rules.items.get(name)
        if rule is None:
            raise RulesFileError(
                f"{source}: rule {name!r} is missing; every rule in the shipped table is required."
            )
        line = _key_value_line(text, "name", name)
        if choices is None and not isinstance(rule.value, Decimal):
            raise RulesFileError(f"{source}, line {line}: rule {name!r}: value must be a number.")
        if choices is not None and rule.value not in choices:
            raise RulesFileError(
                f"{source}, line {line}: rule {name!r}: value must be one of {', '.join(choices)}."
            )
        if not rule.unit.startswith(unit):
            raise RulesFileError(f"{source}, line {line}: rule {name!r}: unit must be {unit!r}.")
        if choices is None and rule.value is not None and Decimal(rule.value) < 0:
            raise RulesFileError(f"{source}, line {line}: rule {name!r}: value must be >= 0.")


def _table_blocks(text: str, table: str) -> list[int]:
    """Line numbers (1-based) where each [[table]] header sits."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), 1) if header.match(line)]


def _block_lines(text: str, starts: list[int], index: int) -> list[tuple[int, str]]:
    lines = text.splitlines()
    if index >= len(starts):
        return []
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
    return [(n, lines[n - 1]) for n in range(starts[index], end + 1)]


def _rule_name(text: str, starts: list[int], index: int) -> str | None:
    for _, line in _block_lines(text, starts, index):
        match = re.match(r'^\s*name\s*=\s*"([^"]*)"', line)
        if match:
            return match.group(1)
    return None


def _field_line(text: str, starts: list[int], index: int, field: str | None) -> int:
    block = _block_lines(text, starts, index)
    if field:
        for number, line in block:
            if re.match(rf"^\s*{re.escape(field)}\s*=", line):
                return number
    return block[0][0] if block else 1


def _key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*(\[+\s*)?{re.escape(key)}\b", line):
            return number
    return 1


def _key_value_line(text: str, key: str, value: str) -> int:
    pattern = re.compile(rf'^\s*{re.escape(key)}\s*=\s*"{re.escape(value)}"')
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1


@lru_cache(maxsize=1)
def packaged_rules() -> Rules:
    """The packaged rules table, parsed once (for callers that take rules as optional)."""
    return load_rules()
