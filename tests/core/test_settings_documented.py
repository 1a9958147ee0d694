"""Every setting Dragonfly reads is documented for the people who set it."""

from __future__ import annotations

from pathlib import Path

from dragonfly.core.config import Settings

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md"


def _environment_names(field: str) -> list[str]:
    alias = Settings.model_fields[field].validation_alias
    choices = getattr(alias, "choices", None)
    return [str(c) for c in choices] if choices else [field.upper()]


def test_every_setting_has_a_description_and_a_row_in_the_architecture_doc() -> None:
    doc = ARCHITECTURE.read_text(encoding="utf-8")
    for field, info in Settings.model_fields.items():
        assert info.description, f"setting {field} has no description"
        for name in _environment_names(field):
            assert f"`{name}`" in doc, f"{name} is not documented in docs/ARCHITECTURE.md"
