"""`dragonfly papers make` for the restraining notices and the bank packet: a passage not installed
or a benefits-only account is a one-line refusal with exit 2; with the passages in the firm's
folder (DRAGONFLY_PAPER_TEMPLATES) the packet is made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.config import get_settings
from dragonfly.papers import save_firm_profile
from papers.conftest import PROFILE, add_fact, pdf_text, person_judgment
from papers.test_cli import invoke

FIRM_TEMPLATES = Path(__file__).parent / "firm_templates"


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DRAGONFLY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_bank_packet_from_the_command_line(
    cli_env: None, db: psycopg.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_firm_profile(db, PROFILE, actor="admin")
    judgment_id = person_judgment(db, bank=True)
    args = ("papers", "make", "restraining_notice_bank_packet", "--judgment", str(judgment_id))
    refused = invoke(*args)
    assert refused.exit_code == 2
    assert "statutory text not yet installed" in refused.output
    assert "statutory/cplr_5222a_exemption_claim_form.typ" in refused.output
    monkeypatch.setenv("DRAGONFLY_PAPER_TEMPLATES", str(FIRM_TEMPLATES))
    out = tmp_path / "packet.pdf"
    made = invoke(*args, "--out", str(out))
    assert made.exit_code == 0, made.output
    assert "Exemption claim form 2 of 2" in pdf_text(out.read_bytes())
    other = person_judgment(db, index_number="CV-000999-25/KI", employer=False)
    add_fact(
        db, other, "bank", "Tompkins Trust", "50 State St, Ithaca, NY 14850", benefits_only=True
    )
    benefits = invoke("papers", "make", "restraining_notice_bank_packet", "--judgment", str(other))
    assert benefits.exit_code == 2 and "benefits-only" in benefits.output
    assert "Traceback" not in benefits.output + refused.output
