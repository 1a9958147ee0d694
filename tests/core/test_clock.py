"""One clock: today in New York, whatever the server's zone, unless DRAGONFLY_TODAY pins it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import pytest

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import get_settings
from dragonfly.core.rules_in_force import rules_in_force


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_late_evening_in_new_york_is_still_today_there() -> None:
    # 02:30 UTC on 1 March is 21:30 on 28 February in New York.
    assert today_in_new_york(datetime(2027, 3, 1, 2, 30, tzinfo=UTC)) == date(2027, 2, 28)


def test_unpinned_today_follows_the_wall_clock(fresh_settings: pytest.MonkeyPatch) -> None:
    fresh_settings.delenv("DRAGONFLY_TODAY")
    assert today_in_new_york() == today_in_new_york(datetime.now(UTC))


def test_a_pinned_date_wins(fresh_settings: pytest.MonkeyPatch) -> None:
    fresh_settings.setenv("DRAGONFLY_TODAY", "2031-07-04")
    assert today_in_new_york() == date(2031, 7, 4)


def test_a_firms_rules_file_is_read_once_and_again_when_it_changes(
    fresh_settings: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shipped = rules_in_force()
    assert rules_in_force() is shipped  # read once per process
    firm = tmp_path / "rules.toml"
    text = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
    firm.write_text(text)
    fresh_settings.setenv("DRAGONFLY_RULES", str(firm))
    get_settings.cache_clear()
    first = rules_in_force()
    assert rules_in_force() is first
    firm.write_text(text.replace("value = 9", "value = 8", 1) + "\n")
    changed = rules_in_force()
    assert changed is not first
    assert changed.standard_rate != first.standard_rate
