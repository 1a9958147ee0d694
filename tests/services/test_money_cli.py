"""`dragonfly agreements`, `remittances` and `trust` through the real console entry point."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from api.support import add_judgment
from dragonfly.core.config import get_settings
from dragonfly.domain.vocabulary import LedgerKind
from dragonfly.services.ledger import record_entry
from papers.conftest import pdf_text
from papers.test_cli import Ran, invoke


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DRAGONFLY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str) -> Ran:
    return invoke(*args)


def test_set_terms_pay_close_and_reconcile(
    cli_env: None, db: psycopg.Connection, tmp_path: Path
) -> None:
    judgment = add_judgment(db, index_number="77/2024", plaintiff="Harbor Supply Co")
    client = db.execute("select plaintiff_id from judgments where id = %s", (judgment,))
    client_id = str(client.fetchone()[0])  # type: ignore[index]
    refused = run("agreements", "set", "--client", client_id, "--fee", "120", "--json")
    assert refused.exit_code == 2 and "more than 100%" in refused.output
    made = run(
        "agreements", "set", "--client", client_id, "--fee", "30", "--from", "2026-01-01",
        "--costs", "recovered_first", "--json",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["fee_percent"] == "30.00"
    record_entry(
        db, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("500.00"),
        effective_on=date(2026, 11, 9), memo="", reverses_id=None, actor="ops",
    )  # fmt: skip
    over = run("trust", "disburse", "--client", client_id, "--to", "client", "--amount", "350.01")
    assert over.exit_code == 2 and "overdraw" in over.output
    wrong = run("trust", "disburse", "--client", client_id, "--to", "partner", "--amount", "1")
    assert wrong.exit_code == 2 and "client | firm | debtor" in wrong.output
    unnamed = run("trust", "disburse", "--client", client_id, "--to", "debtor", "--amount", "1")
    assert unnamed.exit_code == 2 and "--judgment" in unnamed.output
    nothing_held = run("trust", "disburse", "--client", client_id, "--to", "debtor",
                       "--amount", "1", "--judgment", str(judgment))  # fmt: skip
    assert nothing_held.exit_code == 2 and "Nothing is owed back" in nothing_held.output
    bad = run("remittances", "close", "--period", "Nov 2026")
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output

    closed = run("remittances", "close", "--period", "2026-11", "--json")
    assert closed.exit_code == 0, closed.output
    [only] = json.loads(closed.stdout)["statements"]
    assert (only["remitted"], only["paid_to_firm"]) == ("350.00", "150.00")
    again = run("remittances", "close", "--period", "2026-11", "--json")
    assert again.exit_code == 1 and "already closed" in json.loads(again.stdout)["error"]["message"]

    pdf, csv_file = tmp_path / "s.pdf", tmp_path / "s.csv"
    shown = run(
        "remittances", "statement", "--client", client_id, "--period", "2026-11",
        "--pdf", str(pdf), "--csv", str(csv_file),
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "77/2024" in pdf_text(pdf.read_bytes()) and "Harbor Supply Co" in csv_file.read_text()

    folder = tmp_path / "month"
    every = run("remittances", "statements", "--period", "2026-11", "--out", str(folder))
    assert every.exit_code == 0, every.output
    assert sorted(p.suffix for p in folder.iterdir()) == [".csv", ".pdf"]

    balanced = run("trust", "reconcile", "--bank", "0.00", "--json")
    assert balanced.exit_code == 0 and json.loads(balanced.stdout)["balanced"] is True
    off = run("trust", "reconcile", "--bank", "12.34")
    assert off.exit_code == 4 and "bank statement vs book" in off.output


def test_amounts_past_the_bound_and_an_unwritable_folder_are_refused_in_words(
    cli_env: None, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="78/2024", plaintiff="Harbor Supply Co")
    client = db.execute("select plaintiff_id from judgments where id = %s", (judgment,))
    client_id = str(client.fetchone()[0])  # type: ignore[index]
    refused = [
        run("agreements", "set", "--client", client_id, "--fee", "1e30"),
        run("trust", "disburse", "--client", client_id, "--to", "client", "--amount", "1e30"),
        run("trust", "reconcile", "--bank", "99999999999999999.00"),
        run("trust", "reconcile", "--bank", "1e30"),
    ]
    for ran in refused:
        assert ran.exit_code == 2, ran.output
        assert "is not an amount up to $100,000,000.00" in ran.output
        assert "Traceback" not in ran.output
    assert db.execute("select count(*) from trust_reconciliations").fetchone() == (0,)
    folder = run("remittances", "statements", "--period", "2026-11", "--out", "/proc/no/such")
    assert folder.exit_code == 2 and "cannot make that folder" in folder.output
    assert "Traceback" not in folder.output


def test_a_disbursement_made_in_error_is_reversed_from_the_cli(
    cli_env: None, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="79/2024", plaintiff="Harbor Supply Co")
    client = db.execute("select plaintiff_id from judgments where id = %s", (judgment,))
    client_id = str(client.fetchone()[0])  # type: ignore[index]
    record_entry(
        db, judgment, kind=LedgerKind.PAYMENT, amount=Decimal("500.00"),
        effective_on=date(2026, 11, 9), memo="", reverses_id=None, actor="ops",
    )  # fmt: skip
    ahead = run("trust", "disburse", "--client", client_id, "--to", "client", "--amount",
                "500", "--on", "2026-11-24")  # fmt: skip
    assert ahead.exit_code == 2 and "2026-11-24 is in the future" in ahead.output
    assert "Traceback" not in ahead.output
    paid = run("trust", "disburse", "--client", client_id, "--to", "client", "--amount",
               "500", "--json")  # fmt: skip
    assert paid.exit_code == 0, paid.output
    entry = str(json.loads(paid.stdout)["id"])
    undone = run("trust", "reverse", "--entry", entry, "--memo", "cheque returned", "--json")
    assert undone.exit_code == 0, undone.output
    assert json.loads(undone.stdout)["amount"] == "500.00"
    ahead = run("trust", "reverse", "--entry", entry, "--on", "2026-11-24")
    assert ahead.exit_code == 2 and "2026-11-24 is in the future" in ahead.output
    again = run("trust", "reverse", "--entry", entry)
    assert again.exit_code == 2 and "already been reversed" in again.output
    missing = run("trust", "reverse", "--entry", "424242")
    assert missing.exit_code == 1 and "No trust entry 424242" in missing.output
    held = db.execute(
        "select sum(amount) from trust_entries where plaintiff_id = %s", (int(client_id),)
    ).fetchone()
    assert held == (Decimal("500.00"),)  # back in escrow once
