"""Fixtures for import tests."""

from __future__ import annotations

import pytest

from dragonfly.core.config import Settings


@pytest.fixture
def small_limit_settings() -> Settings:
    return Settings(dragonfly_import_max_bytes=1000)
