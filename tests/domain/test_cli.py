"""`dragonfly balance` and `dragonfly rules` through the real entry point (exit codes included)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from dragonfly.cli import output
from dragonfly.cli.main import run
from dragonfly.core.config import get_settings

Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Invoke:
    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["dragonfly", *args])
        with pytest.raises(SystemExit) as done:
            run()
        out, err = capsys.readouterr()
        return int(done.value.code or 0), out, err

    # The shared console fixed its width at import; a wide one keeps table cells on one line.
    monkeypatch.setattr(output.console, "width", 160)
    return call


def test_balance_worked_check_table(invoke: Invoke) -> None:
    code, out, _ = invoke(
        "balance", "--principal", "10000", "--entered", "2020-01-01",
        "--payment", "2021-01-01:2000", "--as-of", "2022-01-01",
    )  # fmt: skip
    assert code == 0
    assert "9,703.69" in out and "902.47" in out and "8,902.47" in out and "366" in out


def test_balance_json(invoke: Invoke) -> None:
    code, out, _ = invoke(
        "balance", "--principal", "5000", "--entered", "2023-03-01", "--consumer",
        "--as-of", "2024-03-01", "--json",
    )  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    assert payload["balance"] == "5100.27" and payload["interest"] == "100.27"
    assert payload["periods"] == [
        {"start": "2023-03-01", "end": "2024-03-01", "days": 366, "rate": "2",
         "base": "5000", "interest": "100.27"}
    ]  # fmt: skip


def test_balance_with_costs(invoke: Invoke) -> None:
    code, out, _ = invoke(
        "balance", "--principal", "1,000.00", "--entered", "2024-01-01", "--cost",
        "2024-02-01:$150", "--as-of", "2024-01-01", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["balance"] == "1000.00"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--principal", "-5"], "negative"),
        (["--principal", "ten"], "not an amount"),
        (["--entered", "2021-02-30"], "not a real date"),
        (["--payment", "2019-01-01:100"], "before the judgment was entered"),
        (["--payment", "2021-01-01"], "not DATE:AMOUNT"),
        (["--payment", "2021-01-01:-100"], "negative"),
        (["--cost", "2021-13-01:100"], "not a real date"),
        (["--as-of", "2019-06-01"], "before the entry date"),
    ],
)
def test_balance_bad_input_exits_2_with_a_message(
    invoke: Invoke, args: list[str], words: str
) -> None:
    base = {"--principal": "1000", "--entered": "2020-01-01", "--as-of": "2022-01-01"}
    argv = ["balance"]
    for option, value in base.items():
        if option not in args:
            argv += [option, value]
    code, out, err = invoke(*argv, *args)
    assert code == 2
    assert words in err and "Traceback" not in err + out


def test_balance_bad_input_json_error_shape(invoke: Invoke) -> None:
    code, out, _ = invoke(
        "balance", "--principal", "100", "--entered", "2021-02-30", "--as-of", "2022-01-01",
        "--json",
    )  # fmt: skip
    assert code == 2
    assert json.loads(out)["error"]["code"] == "bad_input"


def test_rules_lists_every_rule(invoke: Invoke) -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    assert "interest_rate_consumer" in out and "CPLR 211(b)" in out and "policy" in out


def test_rules_json(invoke: Invoke) -> None:
    code, out, _ = invoke("rules", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["source"] == "shipped rules.toml"
    standard = next(r for r in payload["rules"] if r["name"] == "interest_rate_standard")
    assert standard["value"] == "9" and standard["kind"] == "law"


def test_firm_rules_file_from_settings_is_used(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
    firm = tmp_path / "firm.toml"
    firm.write_text(shipped.replace('value = "two_percent_on_unpaid_from_entry"',
                                    'value = "nine_then_two"'), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("DRAGONFLY_RULES", str(firm))
    get_settings.cache_clear()
    try:
        code, out, _ = invoke(
            "balance", "--principal", "10000", "--entered", "2020-01-01", "--consumer",
            "--as-of", "2023-01-01", "--json",
        )  # fmt: skip
        assert code == 0 and [p["rate"] for p in json.loads(out)["periods"]] == ["9", "2"]
        code, out, _ = invoke("rules", "--json")
        assert json.loads(out)["source"] == str(firm)
    finally:
        get_settings.cache_clear()


def test_malformed_rules_file_exits_2_with_the_line(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nname = "x"\nvalue = 1\nunit = "days"\neffective_from = 2021-02-30\n')
    code, _, err = invoke("rules", "--file", str(bad))
    assert code == 2 and "line 5" in err
