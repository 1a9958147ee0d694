"""Fixtures for the pure domain tests: the shipped rules table and score spec."""

from __future__ import annotations

import pytest

from dragonfly.domain.rules import Rules, load_rules
from dragonfly.domain.score_spec import ScoreSpec, shipped_score_spec


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def spec() -> ScoreSpec:
    return shipped_score_spec()
